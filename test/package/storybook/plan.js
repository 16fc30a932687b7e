import { defineTrackingPlan } from 'trackplan'

export const plan = defineTrackingPlan({
  events: {
    'Clicked Buy': {
      description: 'The buy button of a product card.',
      properties: { plan: { type: 'string', enum: ['pro', 'team'], required: true } },
    },
    'Viewed Card': { properties: {} },
  },
})
