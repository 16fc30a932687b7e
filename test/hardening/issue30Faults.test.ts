// Issue 30 made the code smaller without changing behaviour: what changed anyway under odd
// input. Each test here failed on the merge of the branches, and passes on c67b3c4.
import { describe, expect, it } from 'vitest'
import {
  createTracker,
  defineTrackingPlan,
  memorySink,
  type TrackingPlan,
  type TrackplanError,
} from 'trackplan/core'
import { compilePlan } from 'trackplan/server'

describe('a plan whose synonyms are a falsy value that is no list (a plan read from JSON)', () => {
  const planWith = (synonyms: unknown): TrackingPlan =>
    ({ events: { 'Order Completed': {} }, synonyms }) as unknown as TrackingPlan

  it.each([false, 0, Number.NaN])(
    'synonyms %s: createTracker does not throw, names are checked',
    (synonyms) => {
      const errors: TrackplanError[] = []
      const sink = memorySink()
      const tracker = createTracker({
        plan: defineTrackingPlan(planWith(synonyms)),
        sinks: [sink],
        onError: (error) => errors.push(error),
      })
      tracker.track('Order Completed', {})
      tracker.track('order_completed', {})
      expect(errors.map((error) => error.code)).toEqual(['plan_violation'])
    },
  )

  it.each([false, 0])('synonyms %s: compilePlan (a collector) does not throw', (synonyms) => {
    const check = compilePlan(planWith(synonyms))
    expect(check({ type: 'track', event: 'Order Completed', properties: {} } as never)).toEqual([])
  })
})
