import { createTracker, type Tracker, type TrackerOptions } from '../core/createTracker'
import type { EventInfo, TrackedEvent, Violation } from '../core/types'
import { memorySink } from '../sinks/memorySink'
import type { RegisteredPlan, TrackingPlan } from '../plan/types'
import { recordFired } from './firedEvents'
import { compilePlan } from '../plan/validate'

export interface TestTracker<Plan extends TrackingPlan = RegisteredPlan> {
  tracker: Tracker<Plan>
  /** The envelopes delivered so far (after `await tracker.flush()`), oldest first. */
  events(): readonly TrackedEvent[]
  /** Every envelope the tracker produced, delivered or not, with its plan violations and drop reason. */
  records(): readonly { event: TrackedEvent; info: EventInfo }[]
  /** Every violation seen so far. */
  violations(): readonly Violation[]
  /** Forgets what was recorded. */
  clear(): void
}

/**
 * A tracker for tests: a memory sink, ids in memory, and everything recorded for the
 * matchers (`toHaveTracked`, …) and for plan coverage.
 *
 * @example
 * const { tracker, events } = createTestTracker({ plan, validation: 'throw' })
 * render(<TrackingProvider tracker={tracker}><Pricing /></TrackingProvider>)
 * await tracker.flush()
 * expect(events()).toHaveTracked('Viewed Pricing', { plan: 'pro' })
 */
export function createTestTracker<const Plan extends TrackingPlan = RegisteredPlan>(
  options: TrackerOptions<Plan> = {},
): TestTracker<Plan> {
  const memory = memorySink({ name: 'test' })
  const records: { event: TrackedEvent; info: EventInfo }[] = []
  // a test checks even a plan written as a plain object
  const check = options.check ?? (options.plan ? compilePlan(options.plan) : undefined)
  const tracker = createTracker<Plan>({ storage: 'memory', ...options, ...(check ? { check } : {}), sinks: [memory, ...(options.sinks ?? [])] })
  tracker.subscribe((event, info) => {
    records.push({ event, info })
    if (event.type === 'track' && event.event && !info.dropped) recordFired(event.event)
  })
  return {
    tracker,
    events: () => memory.events,
    records: () => records,
    violations: () => records.flatMap((r) => r.info.violations),
    clear() {
      memory.clear()
      records.splice(0)
    },
  }
}
