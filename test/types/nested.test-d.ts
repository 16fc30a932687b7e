import { describe, expectTypeOf, it } from 'vitest'
import { createTracker, defineTrackingPlan } from 'trackplan/core'

const plan = defineTrackingPlan({
  events: {
    'Completed Order': {
      properties: {
        address: {
          type: 'object',
          required: true,
          additionalProperties: false,
          properties: { city: { type: 'string', required: true }, zip: { type: 'string' } },
        },
        tags: { type: 'array', items: { type: 'string', enum: ['gift', 'promo'] } },
      },
    },
  },
})
const tracker = createTracker({ plan })

describe('nested specs type the values', () => {
  it('objects with properties and arrays with items', () => {
    expectTypeOf(tracker.track).toBeCallableWith('Completed Order', {
      address: { city: 'Oslo' },
      tags: ['gift'],
    })
    // @ts-expect-error city is required inside address
    tracker.track('Completed Order', { address: { zip: '0150' } })
    // @ts-expect-error address is closed
    tracker.track('Completed Order', { address: { city: 'Oslo', floor: 3 } })
    // @ts-expect-error tags take the enum's values
    tracker.track('Completed Order', { address: { city: 'Oslo' }, tags: ['sale'] })
  })
})
