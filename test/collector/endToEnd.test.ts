// @vitest-environment node
// httpSink → a real Node http server running the collector on 127.0.0.1: what the tracker
// counts as delivered is what the store holds, through splits, retries and bad envelopes.
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCollector, memoryStore, toNodeListener, type Collector } from 'trackplan/collector'
import { createTracker, httpSink } from 'trackplan/core'
import { afterEach, describe, expect, it } from 'vitest'
import { flakyStore, plan } from './helpers'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function serve(collector: Collector): Promise<string> {
  const server: Server = createServer(toNodeListener(collector.handle))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(async () => {
    await collector.close({ timeout: 500 })
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('httpSink → collector, over HTTP', () => {
  it("stores what the tracker tracked: the tracker's stats agree with the store", async () => {
    const store = memoryStore()
    const url = await serve(createCollector({ plan, store }))
    const sink = httpSink({
      url: `${url}/v1/batch`,
      persist: false,
      batchSize: 7,
      flushInterval: 5,
    })
    const tracker = createTracker({ plan, sinks: [sink], validation: 'off' })
    for (let i = 0; i < 30; i++)
      tracker.track('Viewed Pricing', { plan: i % 3 ? 'pro' : ('gold' as 'pro') })
    tracker.track('Completed Purchase', { total: 10 })
    // unplanned and violating events are stored too, flagged
    ;(tracker.track as (name: string, properties: object) => unknown)('Debug Ping', { n: 1 })
    tracker.page('Pricing')
    await tracker.flush()
    const stats = tracker.stats()
    const stored = store.events()
    expect(stats).toMatchObject({ tracked: 33, delivered: 33 })
    expect(stored).toHaveLength(stats.delivered)
    expect(new Set(stored.map((e) => e.messageId)).size).toBe(33)
    const byName = (name: string) => stored.filter((e) => e.event === name)
    expect(byName('Viewed Pricing').filter((e) => e.violations.length > 0)).toHaveLength(10)
    expect(byName('Debug Ping')[0]!.violations[0]).toMatchObject({
      kind: 'unplanned',
      path: '/event',
    })
    expect(stored.find((e) => e.type === 'page')).toMatchObject({ event: null, violations: [] })
    await tracker.close()
  })

  it('a 413 splits the batch: httpSink sends halves until each fits', async () => {
    const store = memoryStore()
    const url = await serve(createCollector({ plan, store, maxBodyBytes: 3000 }))
    const sink = httpSink({
      url: `${url}/v1/batch`,
      persist: false,
      batchSize: 20,
      flushInterval: 5,
    })
    const tracker = createTracker({ plan, sinks: [sink] })
    for (let i = 0; i < 20; i++) tracker.track('Viewed Pricing', { plan: 'pro' })
    await tracker.flush()
    expect(tracker.stats().delivered).toBe(20)
    expect(store.events()).toHaveLength(20)
    await tracker.close()
  })

  it('a store that fails: 503 and Retry-After; httpSink retries, and each event is stored once', async () => {
    const store = memoryStore()
    const flaky = flakyStore(store)
    const url = await serve(createCollector({ plan, store: flaky, onError: () => {} }))
    const sink = httpSink({
      url: `${url}/v1/batch`,
      persist: false,
      flushInterval: 5,
      retry: { baseDelay: 10, maxDelay: 20 },
    })
    const tracker = createTracker({ plan, sinks: [sink] })
    for (let i = 0; i < 5; i++) tracker.track('Viewed Pricing', { plan: 'pro' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(sink.inspect().retry?.last).toBe('503')
    flaky.failing = false
    await tracker.flush()
    expect(store.events()).toHaveLength(5)
    expect(tracker.stats().delivered).toBe(5)
    await tracker.close()
  }, 15_000)

  it('over Node http, keeps connections alive for what it reads whole (preflights included)', async () => {
    const url = await serve(
      createCollector({ plan, store: memoryStore(), allowedOrigins: ['https://app.test'] }),
    )
    /** The status and Connection header of a request, as Node's client reads them. */
    const send = (method: string, headers: Record<string, string>, body?: string) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = httpRequest(`${url}/v1/batch`, { method, headers }, (response) => {
          response.resume()
          response.on('end', () =>
            resolve({ status: response.statusCode!, connection: response.headers.connection }),
          )
        })
        req.on('error', reject)
        req.end(body)
      })
    expect(
      await send('OPTIONS', {
        origin: 'https://app.test',
        'access-control-request-method': 'POST',
      }),
    ).toEqual({ status: 204, connection: 'keep-alive' })
    expect(
      await send('POST', { 'content-type': 'application/json' }, JSON.stringify({ batch: [] })),
    ).toEqual({ status: 200, connection: 'keep-alive' })
    // a wrong key is refused before the body is read: the connection closes
    const unread = await send(
      'POST',
      {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        origin: 'https://evil.test',
      },
      JSON.stringify({ batch: [] }),
    )
    expect(unread.status).toBe(403)
  })

  it('over Node http, a 10 MB body is answered 413 and the connection closed, not read', async () => {
    const store = memoryStore()
    const url = await serve(createCollector({ plan, store }))
    const answer = await new Promise<{ status: number; body: string; written: number }>(
      (resolve, reject) => {
        let written = 0
        const req = httpRequest(`${url}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        })
        req.on('response', (response) => {
          let body = ''
          response.on('data', (chunk) => (body += chunk))
          response.on('end', () => resolve({ status: response.statusCode!, body, written }))
        })
        req.on('error', reject)
        const chunk = Buffer.alloc(64 * 1024, 'x')
        req.write('{"batch":["')
        const pump = (): void => {
          while (written < 10 * 1024 * 1024) {
            written += chunk.length
            if (!req.write(chunk)) return void req.once('drain', pump)
          }
          req.end('"]}')
        }
        pump()
      },
    )
    expect(answer.status).toBe(413)
    // the answer came, and the connection closed, long before the sender was done
    expect(answer.written).toBeLessThan(10 * 1024 * 1024)
    expect(JSON.parse(answer.body)).toMatchObject({ error: expect.stringContaining('over') })
    expect(store.events()).toEqual([])
  })
})
