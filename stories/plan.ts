import { builtInEvents, defineTrackingPlan } from 'trackplan'

/**
 * The playground's example tracking plan: every story's events are planned here, the
 * Storybook tests check them against it, and `npm test` fails when a planned event is
 * fired by no story (test/stories.coverage.ts).
 */
export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    ...builtInEvents,
    'Viewed Pricing': {
      description: 'The pricing page was shown',
      trigger: 'Pricing page mounted',
      owner: 'growth',
      properties: { plan: { type: 'string', enum: ['free', 'pro', 'team'], required: true } },
    },
    'Viewed Pricing Table': {
      description: 'Half of the pricing table became visible',
      trigger: 'TrackView on the table',
      owner: 'growth',
      properties: { rows: { type: 'integer' } },
    },
    'Clicked Plan': {
      description: 'A plan was chosen on the pricing page',
      trigger: 'Click on a plan button',
      owner: 'growth',
      properties: { plan: { type: 'string', enum: ['free', 'pro', 'team'] } },
    },
    'Clicked Pricing Link': {
      description: 'The pricing link in the navigation was followed',
      trigger: 'Click on the link',
      owner: 'growth',
    },
  },
})
