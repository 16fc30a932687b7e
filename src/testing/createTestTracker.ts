import {
  createTracker,
  type CheckResult,
  type Tracker,
  type TrackerOptions,
} from '../core/createTracker'
import type { EventInfo, Sink, TrackedEvent, Violation } from '../core/types'
import type { RegisteredPlan, TrackingPlan } from '../plan/types'
import { recordFired } from './firedEvents'
import { compilePlan } from '../plan/validate'

export interface TestTracker<Plan extends TrackingPlan = RegisteredPlan> {
  tracker: Tracker<Plan>
  /** The envelopes delivered so far (after `await tracker.flush()`), oldest first. */
  events(): readonly TrackedEvent[]
  /** Every envelope the tracker produced, delivered or not, with its plan violations and drop reason. */
  records(): readonly { event: TrackedEvent; info: EventInfo }[]
  /** Every violation seen so far, including those of events dropped for them; known as soon as `track()` returns. */
  violations(): readonly Violation[]
  /** Forgets what was recorded, and the events still waiting (for consent, for delivery): none reaches the next test. */
  clear(): void
}

const NONE: readonly Violation[] = Object.freeze([])

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
  const delivered: TrackedEvent[] = []
  const records: { event: TrackedEvent; info: EventInfo }[] = []
  const violations: Violation[] = []
  // every envelope is stamped with the clear() generation it was tracked in; older ones are ignored
  let generation = 0
  const born = new WeakMap<TrackedEvent, number>()
  const stamp = (event: TrackedEvent): void => void (born.has(event) || born.set(event, generation))
  const current = (event: TrackedEvent): boolean => (born.get(event) ?? generation) === generation

  // a test checks even a plan written as a plain object, and sees violations as track() returns
  const inner = options.check ?? (options.plan ? compilePlan(options.plan) : undefined)
  const check = (event: TrackedEvent): CheckResult => {
    stamp(event)
    const found: CheckResult = inner ? inner(event) : NONE
    const at = generation
    violations.push(...found)
    void found.pending?.then((late) => void (at === generation && violations.push(...late)))
    return found
  }
  const memory: Sink = {
    name: 'test',
    send(event) {
      if (!current(event)) return
      delivered.push(event)
      if (event.type === 'track' && event.event) recordFired(event.event)
    },
    discard: () => void delivered.splice(0),
  }
  const tracker = createTracker<Plan>({
    storage: 'memory',
    ...options,
    ...(inner ? { check } : {}),
    middleware: [...(options.middleware ?? []), (event) => (stamp(event), event)],
    sinks: [memory, ...(options.sinks ?? [])],
  })
  tracker.subscribe((event, info) => {
    if (current(event)) records.push({ event, info })
  })
  return {
    tracker,
    events: () => delivered,
    records: () => records,
    violations: () => violations,
    clear() {
      generation++
      delivered.splice(0)
      records.splice(0)
      violations.splice(0)
    },
  }
}
