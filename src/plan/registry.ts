import type { EventChecker } from '../core/createTracker'

// Plans made by defineTrackingPlan() leave here how to compile their checker, so that
// createTracker() carries no validation code for apps without a plan: the validator is
// bundled only where defineTrackingPlan is imported. Global, so that an ESM and a CJS copy
// of trackplan in one process see the same plans.
const KEY = Symbol.for('trackplan.planCheckers')
type Registry = { [KEY]?: WeakMap<object, () => EventChecker> }

const registry = (): WeakMap<object, () => EventChecker> => ((globalThis as Registry)[KEY] ??= new WeakMap())

export const registerPlan = (plan: object, compile: () => EventChecker): void => void registry().set(plan, compile)

export const planChecker = (plan: object): EventChecker | undefined => registry().get(plan)?.()
