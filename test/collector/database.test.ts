// @vitest-environment node
// The handler over the real databases, as `trackplan collect` runs it — PGlite always, a
// PostgreSQL server when TRACKPLAN_TEST_POSTGRES_URL names one: what the answers say is what
// the database holds (retries, concurrent duplicates, hostile text, fuzzed batches, httpSink
// end to end), and a restart forwards what the last run left in the outbox.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { createCollector, toNodeListener, type Collector, type Store } from 'trackplan/collector'
import { createTracker, httpSink, type Sink } from 'trackplan/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { batchRequest, body, envelope, plan } from './helpers'
import {
  POSTGRES_URL,
  pgliteBackend,
  postgresBackend,
  type StoreBackend,
  type TestDatabase,
} from './storeBackends'

const backends = [pgliteBackend, ...(POSTGRES_URL ? [postgresBackend] : [])]

describe.each(backends)('the collector over $name', (backend: StoreBackend) => {
  let db: TestDatabase
  let store: Store
  let collector: Collector

  beforeAll(async () => {
    db = await backend.database()
    store = db.connect()
    collector = createCollector({ plan, store })
    await collector.ready()
  }, 120_000)

  afterAll(async () => {
    await collector?.close()
    await db?.dispose()
  })

  const stored = async (): Promise<number> =>
    (await store.stats({})).reduce((n, row) => n + row.count, 0)

  const post = async (batch: unknown[]) => body(await collector.handle(batchRequest({ batch })))

  it('stores a batch once: a retry and concurrent copies answer duplicates', async () => {
    const before = await stored()
    const batch = [envelope(), envelope({ properties: { plan: 'gold' } }), envelope()]
    expect(await post(batch)).toEqual({ accepted: 3, duplicates: 0, rejected: [] })
    expect(await post(batch)).toEqual({ accepted: 0, duplicates: 3, rejected: [] })
    const fresh = [envelope(), envelope()]
    const answers = await Promise.all([post(fresh), post(fresh), post(fresh)])
    expect(answers.reduce((n, a) => n + (a.accepted as number), 0)).toBe(2)
    expect(answers.reduce((n, a) => n + (a.duplicates as number), 0)).toBe(4)
    expect((await stored()) - before).toBe(5)
    const row = (await store.stats({})).find((s) => s.event === 'Viewed Pricing')
    expect(row?.byKind).toMatchObject({ enum: expect.any(Number) })
  }, 60_000)

  it('keeps what a database refuses as text (NUL, lone surrogates) and prototype-named keys', async () => {
    const before = await stored()
    const hostile = JSON.parse(
      '{"type":"track","event":"Viewed Pricing","messageId":"pg-\\u0000-\\ud800","anonymousId":"a",' +
        '"properties":{"plan":"pro","__proto__":{"x":"\\u0000"},"k\\udc00":1}}',
    )
    expect(await post([hostile, { ...hostile }])).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [],
    })
    expect((await stored()) - before).toBe(1)
    // the same envelope again: the repaired messageId is the same key
    expect(await post([hostile])).toMatchObject({ accepted: 0, duplicates: 1 })
  }, 60_000)

  it('accounts for every envelope of fuzzed batches, and the database holds the accepted', async () => {
    const envelopes = fc.oneof(
      fc.constant(null).map(() => envelope()),
      fc.jsonValue({ maxDepth: 3 }),
      fc
        .tuple(fc.constantFrom('event', 'properties', 'timestamp', 'messageId'), fc.jsonValue())
        .map(([field, value]) => envelope({ [field]: value })),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(envelopes, { maxLength: 10 }), async (batch) => {
        const before = await stored()
        const answer = await collector.handle(batchRequest({ batch }))
        expect(answer.status).toBe(200)
        const { accepted, duplicates, rejected } = (await answer.json()) as {
          accepted: number
          duplicates: number
          rejected: unknown[]
        }
        expect(accepted + duplicates + rejected.length).toBe(batch.length)
        expect((await stored()) - before).toBe(accepted)
      }),
      { numRuns: 100 },
    )
  }, 120_000)

  it('httpSink over HTTP: what the tracker counts as delivered is what the database holds', async () => {
    const server = createServer(toNodeListener(collector.handle))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/batch`
    const before = await stored()
    const tracker = createTracker({
      plan,
      sinks: [httpSink({ url, persist: false, batchSize: 10, flushInterval: 5 })],
    })
    for (let i = 0; i < 45; i++) tracker.track('Viewed Pricing', { plan: 'pro' })
    await tracker.flush()
    expect(tracker.stats().delivered).toBe(45)
    expect((await stored()) - before).toBe(45)
    await tracker.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }, 60_000)

  it('what one run could not forward, the next run does (the outbox survives the restart)', async () => {
    // this test's own database: the collector above keeps the shared one open
    const own = await backend.database()
    try {
      const silent: Sink = { name: 'silent', acknowledges: true, send: () => {} }
      const first = createCollector({ plan, store: own.connect(), forward: [silent] })
      const batch = [envelope(), envelope()]
      await first.handle(batchRequest({ batch }))
      await first.close({ timeout: 200 })
      const received: string[] = []
      const working: Sink = { name: 'working', send: (e) => void received.push(e.messageId) }
      const second = createCollector({ plan, store: own.connect(), forward: [working] })
      await second.ready()
      const end = Date.now() + 30_000
      while (received.length < 2 && Date.now() < end)
        await new Promise((resolve) => setTimeout(resolve, 20))
      expect(received.sort()).toEqual(batch.map((e) => e.messageId as string).sort())
      await second.close()
    } finally {
      await own.dispose()
    }
  }, 120_000)
})
