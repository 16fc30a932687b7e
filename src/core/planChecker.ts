import type { EventChecker } from './types'

/**
 * Where `defineTrackingPlan` leaves, on the plan itself, how to compile the plan's checker:
 * `createTracker({ plan })` reads it, so trackers carry no validation code for apps without a
 * plan, core never imports the plan module, and a spread copy of a plan (`{ ...plan }`, an
 * enumerable own symbol) keeps its checks, compiled from the copy's own events.
 * `Symbol.for`: an ESM and a CJS copy of trackplan in one process agree on it.
 */
export const PLAN_CHECKER: unique symbol = Symbol.for('trackplan.checker') as never

type Checkable = { [PLAN_CHECKER]?: (plan: never) => EventChecker }

/** The checker of a plan made by `defineTrackingPlan` (or a copy of one); `undefined` for any other object. */
export const planChecker = (plan: object): EventChecker | undefined => {
  const compile = (plan as Checkable)[PLAN_CHECKER]
  return typeof compile === 'function' ? compile(plan as never) : undefined
}
