import { defineTrackingPlan } from 'trackplan'

// the app's plan, read by the app (Vite) and by `trackplan collect` / `trackplan report`
export const plan = defineTrackingPlan({
  events: {
    'Viewed Pricing': { description: 'The pricing page was shown' },
    'Clicked Upgrade': {
      properties: { plan: { type: 'string', enum: ['pro', 'team'], required: true } },
    },
    'Opened Chat': { description: 'The support chat was opened' },
    'Started Checkout': { description: 'Not on this page: never seen' },
  },
})
