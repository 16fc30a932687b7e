import { z } from 'zod'
import { builtInEvents, defineTrackingPlan } from 'trackplan'

export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    ...builtInEvents,
    'Viewed Pricing': {
      properties: {
        plan: { type: 'string', enum: ['free', 'pro', 'team'], required: true },
        price: { type: 'number' },
      },
    },
    'Clicked Plan': { properties: { plan: { type: 'string', enum: ['free', 'pro', 'team'] } } },
    'Completed Purchase': {
      additionalProperties: false,
      properties: { orderId: z.string(), total: z.number(), coupon: z.string().optional() },
    },
    'Signed Up': {},
  },
})

declare module 'trackplan' {
  interface Register {
    plan: typeof plan
  }
}
