// Server-safe: 'trackplan/core' carries no 'use client', so Route Handlers import the plan too
import { builtInEvents, defineTrackingPlan } from 'trackplan/core'

export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    ...builtInEvents,
    'Viewed Plans': {},
    'Viewed Price Table': {},
    'Clicked Upgrade': {
      properties: { plan: { type: 'string', enum: ['pro', 'team'], required: true } },
    },
    'Clicked Join': {},
    'Completed Purchase': { properties: { orderId: { type: 'string', required: true } } },
  },
})

declare module 'trackplan/core' {
  interface Register {
    plan: typeof plan
  }
}
