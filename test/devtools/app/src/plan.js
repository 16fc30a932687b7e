import { defineTrackingPlan } from 'trackplan'

export const plan = defineTrackingPlan({
  events: {
    'Clicked Plan': {
      description: 'A plan was chosen on the pricing page',
      properties: {
        plan: { type: 'string', enum: ['free', 'pro', 'team'] },
        section: { type: 'string' },
      },
    },
    'Opened Help': { properties: {} },
  },
})
