import type { TrackedEvent } from '../core/types'
import type { TrackingPlan } from '../plan/types'

export interface PlanCoverage {
  /** Planned events that fired. */
  fired: string[]
  /** Planned events that never fired. */
  missing: string[]
  /** Events that fired but are not in the plan. */
  unplanned: string[]
}

/**
 * Which planned events fired, which never did, and which fired without being planned.
 *
 * @example
 * const { missing } = planCoverage(plan, testTracker) // or an array of envelopes or names
 * expect(missing).toEqual([])
 */
export function planCoverage(
  plan: TrackingPlan,
  events: readonly (TrackedEvent | string)[] | { events(): readonly TrackedEvent[] },
): PlanCoverage {
  const names = new Set<string>()
  for (const e of 'events' in events ? events.events() : events) {
    if (typeof e === 'string') names.add(e)
    else if (e.type === 'track' && e.event) names.add(e.event)
  }
  const planned = Object.keys(plan.events)
  return {
    fired: planned.filter((n) => names.has(n)),
    missing: planned.filter((n) => !names.has(n)),
    unplanned: [...names]
      .filter((n) => !Object.prototype.hasOwnProperty.call(plan.events, n))
      .sort(),
  }
}
