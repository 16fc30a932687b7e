import { createCollector, memoryStore, type CollectorOptions } from 'trackplan/collector'
import { defineTrackingPlan } from 'trackplan/core'
import { afterEach } from 'vitest'
import type { Store } from '../../src/collector/store'

/** The plan the collector tests check against. */
export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    'Viewed Pricing': {
      properties: { plan: { type: 'string', enum: ['free', 'pro', 'team'], required: true } },
    },
    'Signed Up': {
      additionalProperties: false,
      properties: {
        method: { type: 'string' },
        address: {
          type: 'object',
          additionalProperties: false,
          properties: { city: { type: 'string' } },
        },
      },
    },
    'Completed Purchase': { properties: { total: { type: 'number', required: true } } },
  },
})

let counter = 0

/** A well-formed track envelope, as httpSink sends it; `overrides` win. */
export const envelope = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'track',
  event: 'Viewed Pricing',
  properties: { plan: 'pro' },
  userId: null,
  anonymousId: 'anon-1',
  messageId: `msg-${++counter}-${Math.random().toString(36).slice(2, 8)}`,
  timestamp: '2026-01-02T10:00:00.000Z',
  context: { library: { name: 'trackplan', version: '0.2.0' } },
  ...overrides,
})

export const RECEIVED_AT = new Date('2026-01-02T10:00:10.000Z')

/** A POST of `body` (JSON unless a string) to the collector's batch route. */
export const batchRequest = (
  body: unknown,
  { headers = {}, path = '/v1/batch' }: { headers?: Record<string, string>; path?: string } = {},
): Request =>
  new Request(`http://collector.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

/** A store that refuses `insertBatch` while `failing` is true; the rest is `store`'s. */
export function flakyStore(store: Store): Store & { failing: boolean } {
  const flaky: Store & { failing: boolean } = {
    failing: true,
    open: () => store.open(),
    insertBatch: (events, options) =>
      flaky.failing
        ? Promise.reject(new Error('connection refused'))
        : store.insertBatch(events, options),
    takeOutbox: (limit) => store.takeOutbox(limit),
    finishOutbox: (ids) => store.finishOutbox(ids),
    failOutbox: (ids, error, retryAfterMs) => store.failOutbox(ids, error, retryAfterMs),
    stats: (query) => store.stats(query),
    close: () => store.close(),
  }
  return flaky
}

/** The JSON body of a response. */
export const body = async (response: Response): Promise<Record<string, unknown>> =>
  (await response.json()) as Record<string, unknown>

/**
 * For a test file: `setup(options)` makes a collector over a fresh memory store, its clock at
 * RECEIVED_AT; `closeAfter(collector)` for one made otherwise. All are closed after each test.
 */
export function collectorsClosedAfterEach() {
  const open: { close(): Promise<void> }[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()))
  })
  const closeAfter = <T extends { close(): Promise<void> }>(collector: T): T => {
    open.push(collector)
    return collector
  }
  const setup = (options: Partial<CollectorOptions> = {}) => {
    const store = memoryStore()
    const collector = closeAfter(
      createCollector({ plan, store, now: () => RECEIVED_AT, ...options }),
    )
    return { store, collector }
  }
  return { setup, closeAfter }
}
