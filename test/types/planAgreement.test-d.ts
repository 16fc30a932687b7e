// Compile time agrees with the runtime check and the exported JSON Schema (issue 14).
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { createTracker, defineTrackingPlan } from 'trackplan/core'

const plan = defineTrackingPlan({
  events: {
    'Viewed Item': {
      properties: {
        count: z.coerce.number(),
        anything: z.unknown(),
        label: z.string().default('x'),
        note: { type: 'string' },
      },
    },
  },
})
const tracker = createTracker({ plan })

describe('required and optional, as the runtime check decides', () => {
  it('z.coerce.number() (input unknown, output number) is required', () => {
    // @ts-expect-error count is required: the runtime reports it missing
    tracker.track('Viewed Item')
    // @ts-expect-error count is required
    tracker.track('Viewed Item', { anything: 1 })
    expectTypeOf(tracker.track).toBeCallableWith('Viewed Item', { count: '3' })
  })
  it('z.unknown() and a schema with a default are optional', () => {
    expectTypeOf(tracker.track).toBeCallableWith('Viewed Item', { count: 1 })
  })
  it('an optional { type: "string" } does not take null (the runtime and the JSON Schema reject it)', () => {
    // @ts-expect-error null is not a string
    tracker.track('Viewed Item', { count: 1, note: null })
  })
})
