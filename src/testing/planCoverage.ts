import type { TrackedEvent } from '../core/types'
import { mdCell } from '../plan/cells'
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
export function planCoverage(plan: TrackingPlan, events: readonly (TrackedEvent | string)[] | { events(): readonly TrackedEvent[] }): PlanCoverage {
  const names = new Set<string>()
  for (const e of 'events' in events ? events.events() : events) {
    if (typeof e === 'string') names.add(e)
    else if (e.type === 'track' && e.event) names.add(e.event)
  }
  const planned = Object.keys(plan.events)
  return {
    fired: planned.filter((n) => names.has(n)),
    missing: planned.filter((n) => !names.has(n)),
    unplanned: [...names].filter((n) => !Object.prototype.hasOwnProperty.call(plan.events, n)).sort(),
  }
}

/**
 * The coverage table a whole run ends with (the test-run check and the Playwright reporter):
 * one Markdown row per planned event, the unplanned ones after it, and the planned events
 * that never fired and are not allowed to be missing.
 */
export function coverageTable(
  planned: readonly string[],
  fired: ReadonlySet<string>,
  allowMissing: readonly string[],
  where: string,
): { lines: string[]; missing: string[] } {
  const allowed = new Set(allowMissing)
  const lines = [
    `trackplan coverage: ${planned.filter((n) => fired.has(n)).length}/${planned.length} planned events fired ${where}`,
    '| event | fired |',
    '| --- | --- |',
    ...planned.map((name) => `| ${mdCell(name)} | ${fired.has(name) ? 'yes' : allowed.has(name) ? 'no (allowed)' : '**no**'} |`),
  ]
  const unplanned = [...fired].filter((n) => !planned.includes(n)).sort()
  if (unplanned.length) lines.push(`unplanned events fired: ${unplanned.join(', ')}`)
  return { lines, missing: planned.filter((n) => !fired.has(n) && !allowed.has(n)) }
}
