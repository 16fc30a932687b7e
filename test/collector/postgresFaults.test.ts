// @vitest-environment node
// A PostgreSQL server the network loses, behind a proxy (pgProxy): docs/collector.md "a store
// that fails answers 503 with Retry-After", well within httpSink's 10 s request timeout, and
// close({ timeout }) returns in time with no connection left open, so the process can exit.
// Also two batches holding the same messageIds in opposite orders, stored at once.
import pg from 'pg'
import { createCollector, postgresStore, type Collector } from 'trackplan/collector'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { batchRequest, body, envelope, plan } from './helpers'
import { statementTimeoutOf } from '../../src/collector/store/postgresStore'
import { pgProxy, viaProxy, type PgProxy } from './pgProxy'
import { POSTGRES_URL, urlInSchema } from './storeBackends'

const serverUrl = POSTGRES_URL ?? ''
const schema = `trackplan_faults_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
let admin: pg.Client
let proxy: PgProxy

beforeAll(async () => {
  if (!serverUrl) return
  admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  proxy = await pgProxy({ host: '127.0.0.1', port: Number(new URL(serverUrl).port || 5432) })
})
afterAll(async () => {
  if (!serverUrl) return
  await proxy.close()
  await admin.query(`DROP SCHEMA ${schema} CASCADE`)
  await admin.end()
})

const collectorViaProxy = (): Collector =>
  createCollector({
    plan,
    store: postgresStore({ url: viaProxy(serverUrl, proxy.port, schema) }),
    onError: () => {},
  })

const post = async (collector: Collector, batch: unknown[]) =>
  (await collector.handle(batchRequest({ batch }))).status

/** What `work` resolved to, or `late` when it took longer than `ms`. */
const within = <T>(work: Promise<T>, ms: number): Promise<T | 'late'> =>
  Promise.race([work, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms))])

const eventually = async (check: () => boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  return check()
}

describe.skipIf(!serverUrl)('postgresStore when the network loses the server', () => {
  it('a black-holed server: a batch is answered 503 with Retry-After within a few seconds', async () => {
    proxy.set('up')
    const collector = collectorViaProxy()
    expect(await post(collector, [envelope()])).toBe(200)
    proxy.set('blackhole')
    const started = Date.now()
    const answer = await within(collector.handle(batchRequest({ batch: [envelope()] })), 20_000)
    const answeredIn = Date.now() - started
    proxy.set('up')
    expect(answer).not.toBe('late')
    const response = answer as Response
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(answeredIn).toBeLessThan(8_000)
    // the connection that never answered is not used again: the next batch is stored
    expect(await post(collector, [envelope()])).toBe(200)
    await collector.close()
  }, 60_000)

  it('close({ timeout: 1000 }) returns in time and leaves no connection open while the server is black-holed', async () => {
    proxy.set('up')
    const collector = collectorViaProxy()
    expect(await post(collector, [envelope()])).toBe(200)
    proxy.set('blackhole')
    void post(collector, [envelope()])
    await new Promise((r) => setTimeout(r, 200))
    const started = Date.now()
    const closed = await within(collector.close({ timeout: 1000 }), 15_000)
    const closedIn = Date.now() - started
    const allClosed = await eventually(() => proxy.openConnections() === 0, 1_000)
    proxy.set('up')
    expect(closed).not.toBe('late')
    expect(closedIn).toBeLessThan(2_000)
    expect(allClosed).toBe(true)
  }, 60_000)
})

describe.skipIf(!serverUrl)('crossing batches on PostgreSQL', () => {
  it('two collectors, the same 200 events in opposite orders at once: every answer is 200', async () => {
    const errors: string[] = []
    const onError = (error: Error) => errors.push(String((error.cause as Error)?.message ?? error))
    const url = urlInSchema(serverUrl, schema)
    const a = createCollector({ plan, store: postgresStore({ url }), onError })
    const b = createCollector({ plan, store: postgresStore({ url }), onError })
    await Promise.all([a.ready(), b.ready()])
    const statuses: number[] = []
    let accepted = 0
    for (let round = 0; round < 20; round++) {
      const events = Array.from({ length: 200 }, () => envelope())
      const answers = await Promise.all([
        a.handle(batchRequest({ batch: events })),
        b.handle(batchRequest({ batch: [...events].reverse() })),
      ])
      for (const answer of answers) {
        statuses.push(answer.status)
        if (answer.status === 200) accepted += (await body(answer)).accepted as number
      }
    }
    await Promise.all([a.close(), b.close()])
    expect({ non200: statuses.filter((s) => s !== 200), errors }).toEqual({
      non200: [],
      errors: [],
    })
    expect(accepted).toBe(20 * 200)
  }, 120_000)
})

describe('the time a statement gets', () => {
  it('grows with the rows it writes: a batch of 20 is answered 503 within seconds when the server is lost; 38,500 rows get over half a minute', () => {
    expect(statementTimeoutOf({ rows: 20 })).toBeLessThan(4_000)
    expect(statementTimeoutOf({ rows: 3500 + 35_000 })).toBeGreaterThan(30_000)
    expect(statementTimeoutOf({ long: true })).toBeGreaterThanOrEqual(60_000)
  })
})

describe.skipIf(!serverUrl)('large batches on a healthy PostgreSQL', () => {
  it('three batches of 3,500 envelopes with 10 violations each, at once: every answer is 200 (the time a statement gets grows with its rows)', async () => {
    proxy.set('up')
    const collector = collectorViaProxy()
    const batch = () =>
      Array.from({ length: 3500 }, () =>
        envelope({
          event: 'Signed Up',
          properties: Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`k${k}`, k])),
        }),
      )
    const statuses = await Promise.all([batch(), batch(), batch()].map((b) => post(collector, b)))
    await collector.close()
    expect(statuses).toEqual([200, 200, 200])
  }, 240_000)
})
