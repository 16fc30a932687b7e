import { defineTrackingPlan } from 'trackplan/core'

export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    'Viewed Pricing': { description: 'The pricing table was shown' },
    'Clicked Upgrade': {
      properties: { plan: { type: 'string', enum: ['pro', 'team'], required: true } },
    },
    'Started Checkout': { properties: { plan: { type: 'string', required: true } } },
    'Opened Chat': { description: 'The support widget (its own tracker) was opened' },
    'Cancelled Subscription': {
      description: 'Only in the account area, which this app does not have',
    },
  },
})

declare module 'trackplan/core' {
  interface Register {
    plan: typeof plan
  }
}
