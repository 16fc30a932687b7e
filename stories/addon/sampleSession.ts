import type { TrackedEvent } from 'trackplan'
import { describePlan } from '../../src/panel/model'
import type { PanelEvent } from '../../src/panel/types'
import { plan } from '../plan'

let n = 0
const at = Date.UTC(2026, 10, 26, 9, 30)
const envelope = (event: string, properties: Record<string, unknown> = {}): TrackedEvent =>
  ({
    type: 'track',
    event,
    properties,
    userId: null,
    anonymousId: 'anon-7',
    messageId: `sample-${++n}`,
    timestamp: new Date(at + n * 1500).toISOString(),
    context: {
      library: { name: 'trackplan', version: '0.1.0' },
      page: {
        path: '/pricing',
        url: 'https://shop.example/pricing',
        title: 'Pricing',
        referrer: '',
        search: '',
      },
    },
  }) as TrackedEvent

/** A short session, as the panel would have heard it. */
export const sampleEvents: PanelEvent[] = [
  {
    event: envelope('Viewed Pricing', { plan: 'pro' }),
    status: 'valid',
    reasons: [],
    hasElement: false,
  },
  {
    event: envelope('Clicked Plan', { plan: 'team', section: 'pricing' }),
    status: 'valid',
    reasons: [],
    hasElement: true,
  },
  {
    event: envelope('Clicked Plan', { plan: 'team', section: 'pricing' }),
    status: 'valid',
    reasons: [],
    hasElement: true,
  },
  {
    event: envelope('Clicked Plan', { plan: 'enterprise' }),
    status: 'violation',
    reasons: [
      '"Clicked Plan": property "plan" must be one of "free", "pro", "team"; got "enterprise"',
    ],
    hasElement: true,
  },
  {
    event: envelope('Added to Cart', { sku: 'mug', price: 12 }),
    status: 'valid',
    reasons: [],
    hasElement: true,
  },
  {
    event: envelope('Added to Cart', { sku: 'tee', price: 25 }),
    status: 'valid',
    reasons: [],
    hasElement: true,
  },
  {
    event: envelope('Started Checkout', { items: 2, total: 37 }),
    status: 'valid',
    reasons: [],
    hasElement: true,
  },
  {
    event: envelope('Opened Chat'),
    status: 'unplanned',
    reasons: ['"Opened Chat" is not in the tracking plan'],
    hasElement: true,
  },
  {
    event: envelope('Completed Purchase', { orderId: 'order-1', total: 37 }),
    status: 'valid',
    reasons: [],
    hasElement: true,
  },
]

export const samplePlan = describePlan(plan)
