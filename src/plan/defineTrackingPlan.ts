import { PLAN_CHECKER } from '../core/planChecker'
import type { TrackingPlan } from './types'
import { compileTrackerChecks } from './checkCalls'

/**
 * Returns the plan, typed: it exists so TypeScript infers event names, property types and
 * enum literals (no `as const` needed), and so that trackers given this plan — or a spread
 * copy of it — check events against it at runtime. Register it to type `track` app-wide.
 *
 * @example
 * export const plan = defineTrackingPlan({
 *   naming: 'verb-noun',
 *   events: {
 *     'Viewed Pricing': {
 *       owner: 'growth',
 *       properties: { plan: { type: 'string', enum: ['free', 'pro'], required: true } },
 *     },
 *   },
 * })
 * declare module 'trackplan/core' { interface Register { plan: typeof plan } }
 */
export function defineTrackingPlan<const Plan extends TrackingPlan>(plan: Plan): Plan {
  // a frozen plan cannot carry it: a copy does
  if (!Object.isFrozen(plan)) {
    ;(plan as { [PLAN_CHECKER]?: typeof compileTrackerChecks })[PLAN_CHECKER] = compileTrackerChecks
    return plan
  }
  return { ...plan, [PLAN_CHECKER]: compileTrackerChecks }
}
