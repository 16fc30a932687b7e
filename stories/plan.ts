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
    'Added to Cart': {
      description: 'A product went into the cart',
      trigger: 'Click on "Add to cart"',
      owner: 'checkout',
      properties: {
        sku: { type: 'string', required: true },
        price: { type: 'number', required: true },
      },
    },
    'Started Checkout': {
      description: 'The checkout page was opened with a non-empty cart',
      trigger: 'Click on "Checkout"',
      owner: 'checkout',
      properties: {
        items: { type: 'integer', required: true },
        total: { type: 'number', required: true },
      },
    },
    'Completed Purchase': {
      description: 'The payment was accepted',
      trigger: 'Payment provider answered OK',
      owner: 'checkout',
      additionalProperties: false,
      properties: {
        orderId: { type: 'string', required: true },
        total: { type: 'number', required: true },
      },
    },
    'Clicked Pricing Link': {
      description: 'The pricing link in the navigation was followed',
      trigger: 'Click on the link',
      owner: 'growth',
    },
  },
})
