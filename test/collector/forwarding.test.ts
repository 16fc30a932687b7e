// @vitest-environment node
// Forwarding: accepted events reach the server-side sinks after commit, at least once — through
// a sink's failures, and across a restart (the outbox outlives the collector).
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCollector, memoryStore, type Collector } from 'trackplan/collector'
import {
  httpSink,
  kissmetricsSink,
  type Sink,
  type SinkContext,
  type TrackedEvent,
} from 'trackplan/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_FORWARD_ATTEMPTS, ROUND_TIMEOUT_MS } from '../../src/collector/forwarder'
import { HOLD_MS } from '../../src/collector/sinkLedger'
import { batchRequest, envelope, plan } from './helpers'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

const until = async (condition: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

function start(options: Parameters<typeof createCollector>[0]): Collector {
  const collector = createCollector(options)
  cleanup.push(() => collector.close({ timeout: 500 }))
  return collector
}

/** A sink whose first `failures` sends reject; the rest are recorded. */
function failingThenWorking(failures: number) {
  let calls = 0
  const received: string[] = []
  const sink: Sink = {
    name: 'flaky',
    send(event) {
      if (++calls <= failures) return Promise.reject(new Error('downstream is down'))
      received.push(event.messageId)
    },
  }
  return { sink, received }
}

/** What a downstream server answers: a status, or a status with a JSON body. */
type DownstreamAnswer = number | { status: number; json: unknown }

/** An acknowledging sink that records what it is handed; the test answers for it through `context()`. */
function manualSink() {
  let context: SinkContext | undefined
  const sent: TrackedEvent[] = []
  const manual: Sink = {
    name: 'manual',
    acknowledges: true,
    setup: (c) => void (context = c),
    send: (event) => void sent.push(event),
  }
  return { manual, sent, context: () => context! }
}

/** A downstream HTTP server; `answer` picks each request's status (and body). */
async function downstream(answer: (request: IncomingMessage, body: string) => DownstreamAnswer) {
  const requests: { url: string; body: string }[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      requests.push({ url: request.url ?? '', body })
      const reply = answer(request, body)
      if (typeof reply === 'number') response.writeHead(reply).end()
      else
        response
          .writeHead(reply.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(reply.json))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

describe('forward', () => {
  it('retries what a sink failed: every event arrives, and the outbox empties', async () => {
    const store = memoryStore()
    const { sink, received } = failingThenWorking(3)
    const errors: Error[] = []
    const collector = start({ plan, store, forward: [sink], onError: (e) => errors.push(e) })
    const batch = [envelope(), envelope(), envelope()]
    await collector.handle(batchRequest({ batch }))
    // real backoffs: a second or two for the items, and for the loop (every item failed); well
    // before the outbox's 30 s poll
    await until(() => received.length === 3, 15_000)
    expect(received).toEqual(batch.map((e) => e.messageId))
    await until(() => store.outbox().length === 0)
    expect(errors).toEqual([])
  }, 20_000)

  it('takes a failed item again at its time, however the wait was drawn (not at the next 30 s poll)', async () => {
    const batch = [envelope(), envelope(), envelope()]
    vi.useFakeTimers()
    // the items' wait 995.6 ms (a timer fires at 995, before the item is due); the loop's 500
    const draws = [0.9912, 0]
    const random = vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.5)
    cleanup.push(async () => random.mockRestore())
    const store = memoryStore()
    const { sink, received } = failingThenWorking(3)
    const collector = start({ plan, store, forward: [sink], onError: () => {} })
    cleanup.push(async () => void vi.useRealTimers())
    await collector.handle(batchRequest({ batch }))
    await vi.advanceTimersByTimeAsync(2_000)
    expect(received).toHaveLength(3)
  })

  it('at least once across a restart: what a closing collector could not forward, the next one does', async () => {
    const store = memoryStore()
    // acknowledges, but the other side never answers
    const silent: Sink = { name: 'silent', acknowledges: true, send: () => {} }
    const first = createCollector({ plan, store, forward: [silent] })
    const batch = [envelope(), envelope()]
    await first.handle(batchRequest({ batch }))
    await first.close({ timeout: 100 })
    expect(store.outbox().map((row) => [row.messageId, row.held])).toEqual([
      [batch[0]!.messageId, false],
      [batch[1]!.messageId, false],
    ])
    const { sink, received } = failingThenWorking(0)
    // ready() opens the store at start, as `trackplan collect` does: forwarding resumes then
    await start({ plan, store, forward: [sink] }).ready()
    await until(() => received.length === 2)
    expect(received).toEqual(batch.map((e) => e.messageId))
    await until(() => store.outbox().length === 0)
  })

  it('waits for an acknowledging sink: delivered removes, dropped keeps the item for another round', async () => {
    const store = memoryStore()
    const { manual, sent, context } = manualSink()
    const collector = start({ plan, store, forward: [manual], onError: () => {} })
    await collector.handle(batchRequest({ batch: [envelope(), envelope()] }))
    await until(() => sent.length === 2)
    expect(Object.isFrozen(sent[0])).toBe(true)
    expect(context().awaits(sent[0]!)).toBe(true)
    context().delivered([sent[0]!])
    context().dropped(sent[1]!, 'delivery', 'refused')
    await until(() => store.outbox().length === 1 && !store.outbox()[0]!.held)
    expect(store.outbox()[0]).toMatchObject({
      messageId: sent[1]!.messageId,
      attempts: 1,
      lastError: 'sink "manual": refused',
    })
  })

  it.each(['invalid', 'size'] as const)(
    'gives an item a sink refused for good (%s) up at once, reported; the event stays stored',
    async (reason) => {
      const store = memoryStore()
      const { manual, sent, context } = manualSink()
      const errors: Error[] = []
      const collector = start({ plan, store, forward: [manual], onError: (e) => errors.push(e) })
      await collector.handle(batchRequest({ batch: [envelope({ messageId: 'refused' })] }))
      await until(() => sent.length === 1)
      context().dropped(sent[0]!, reason, 'the collector refused it: too odd')
      await until(() => store.outbox().length === 0)
      expect(sent).toHaveLength(1)
      expect(errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/gave up forwarding 1 event\(s\).*too odd.*they stay stored/),
      ])
      expect(store.events().map((e) => e.messageId)).toEqual(['refused'])
    },
  )

  it('to httpSink: what the next collector refuses by name (200, rejected) is reported, not counted as forwarded', async () => {
    const api = await downstream((_request, body) => {
      const { batch } = JSON.parse(body) as { batch: { messageId: string }[] }
      return {
        status: 200,
        json: {
          accepted: batch.length - 1,
          duplicates: 0,
          rejected: [{ index: 0, messageId: batch[0]!.messageId, reason: 'nested too deep' }],
        },
      }
    })
    const store = memoryStore()
    const errors: Error[] = []
    const forward = httpSink({ url: `${api.url}/v1/batch`, persist: false, flushInterval: 10 })
    const collector = start({ plan, store, forward: [forward], onError: (e) => errors.push(e) })
    await collector.handle(
      batchRequest({ batch: [envelope({ messageId: 'refused' }), envelope({ messageId: 'ok' })] }),
    )
    await until(() => store.outbox().length === 0)
    expect(api.requests).toHaveLength(1)
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/gave up forwarding 1 event\(s\).*nested too deep/),
    ])
  })

  it(`gives an item up after ${MAX_FORWARD_ATTEMPTS} failed rounds, reported; the event stays stored`, async () => {
    const store = memoryStore()
    await store.open()
    const errors: Error[] = []
    const failing: Sink = { name: 'down', send: () => Promise.reject(new Error('no')) }
    const collector = start({ plan, store, forward: [failing], onError: (e) => errors.push(e) })
    await collector.handle(batchRequest({ batch: [envelope({ messageId: 'doomed' })] }))
    // as if it had failed all but one round already
    await until(() => store.outbox()[0]?.attempts === 1 && !store.outbox()[0]!.held)
    // while it waits for its next attempt
    const { id } = store.outbox()[0]!
    for (let i = 1; i < MAX_FORWARD_ATTEMPTS - 1; i++)
      await store.failOutbox([id], 'earlier rounds')
    await until(() => store.outbox().length === 0, 10_000)
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /gave up forwarding 1 event\(s\) after 20 attempts.*no\); they stay stored/,
      ),
    ])
    expect(store.events().map((e) => e.messageId)).toEqual(['doomed'])
  }, 15_000)

  it('to httpSink: a Segment-spec API that fails first receives every event once it answers 2xx', async () => {
    let calls = 0
    const api = await downstream(() => (++calls === 1 ? 500 : 200))
    const store = memoryStore()
    const forward = httpSink({
      url: `${api.url}/v1/batch`,
      persist: false,
      retry: { baseDelay: 10, maxDelay: 20 },
      flushInterval: 10,
    })
    const collector = start({ plan, store, forward: [forward] })
    const batch = [envelope(), envelope({ event: 'Completed Purchase', properties: { total: 3 } })]
    await collector.handle(batchRequest({ batch }))
    await until(() => store.outbox().length === 0)
    const delivered = api.requests
      .slice(1)
      .flatMap((r) => (JSON.parse(r.body) as { batch: { messageId: string }[] }).batch)
    expect(delivered.map((e) => e.messageId)).toEqual(batch.map((e) => e.messageId))
    expect(api.requests.length).toBeGreaterThanOrEqual(2)
  })

  it("to kissmetricsSink({ transport: 'http' }): each event as KISSmetrics' GET", async () => {
    const km = await downstream(() => 200)
    const store = memoryStore()
    const forward = kissmetricsSink({ transport: 'http', apiKey: 'km-key', endpoint: km.url })
    const collector = start({ plan, store, forward: [forward] })
    await collector.handle(batchRequest({ batch: [envelope({ userId: 'u-1' })] }))
    await until(() => store.outbox().length === 0)
    const url = new URL(km.requests[0]!.url, km.url)
    expect(url.pathname).toBe('/e')
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      _k: 'km-key',
      _p: 'u-1',
      _n: 'Viewed Pricing',
      plan: 'pro',
    })
  })
})

describe('forward: an event that always fails, a downstream outage', () => {
  it('one event a sink fails every time waits on its own: every other event is forwarded at once', async () => {
    const store = memoryStore()
    const delivered = new Set<string>()
    const refusing: Sink = {
      name: 'downstream',
      send(event) {
        if (event.messageId === 'poison') throw new Error('400 Bad Request: this one, for good')
        delivered.add(event.messageId)
      },
    }
    const collector = start({ plan, store, forward: [refusing], onError: () => {} })
    await collector.ready()
    await collector.handle(batchRequest({ batch: [envelope({ messageId: 'poison' })] }))
    for (let n = 0; n < 100; n++)
      await collector.handle(batchRequest({ batch: Array.from({ length: 20 }, () => envelope()) }))
    // every round holds the oldest item due: the failing one, when its own wait has passed
    await until(() => delivered.size === 2000, 5000)
    await until(() => store.outbox().length === 1)
    const [poison] = store.outbox()
    expect(poison).toMatchObject({ messageId: 'poison', held: false })
    expect(poison!.attempts).toBeLessThan(5)
    expect(poison!.retryAt).toBeGreaterThan(Date.now())
  }, 10_000)

  it('a downstream outage longer than a round: httpSink is handed each event once, and delivers it once', async () => {
    vi.useFakeTimers()
    cleanup.push(async () => void vi.useRealTimers())
    let down = true
    const copies = new Map<string, number>()
    const forward = httpSink({
      url: 'http://downstream.test/v1/batch',
      persist: false,
      fetch: async (_input, init) => {
        if (down) return new Response('down', { status: 503 })
        const { batch } = JSON.parse(String(init?.body)) as { batch: { messageId: string }[] }
        for (const { messageId } of batch) copies.set(messageId, (copies.get(messageId) ?? 0) + 1)
        return new Response('{}', { status: 200 })
      },
    })
    const store = memoryStore()
    const collector = start({ plan, store, forward: [forward], onError: () => {} })
    await collector.ready()
    await collector.handle(batchRequest({ batch: Array.from({ length: 100 }, () => envelope()) }))
    // down for more than two rounds' timeout, then back
    await vi.advanceTimersByTimeAsync(100_000)
    down = false
    await vi.advanceTimersByTimeAsync(120_000)
    expect(copies.size).toBe(100)
    expect(Math.max(...copies.values())).toBe(1)
    expect(store.outbox()).toEqual([])
  })
})

describe('forward: what a sink still holds', () => {
  it('is awaited by later rounds, not handed again; a word between rounds counts; after HOLD_MS it goes again', async () => {
    vi.useFakeTimers()
    const store = memoryStore()
    const { manual, sent, context } = manualSink()
    const collector = start({ plan, store, forward: [manual], onError: () => {} })
    // real timers again before the collector closes (cleanup runs in reverse): a round under
    // way at the end waits for close()'s deadline, a timer
    cleanup.push(async () => void vi.useRealTimers())
    await collector.ready()
    await collector.handle(batchRequest({ batch: [envelope(), envelope()] }))
    await vi.advanceTimersByTimeAsync(3 * ROUND_TIMEOUT_MS)
    // released by each round that timed out, taken again by the next, never handed again
    expect(store.outbox().map((row) => row.attempts)).toEqual([2, 2])
    expect(sent).toHaveLength(2)
    expect(context().awaits(sent[0]!)).toBe(true)
    // the other side answers between rounds (the items wait for their next attempt)
    while (store.outbox()[0]!.held) await vi.advanceTimersByTimeAsync(100)
    context().delivered([sent[0]!])
    // HOLD_MS, then the next round to take the item (its own wait by now: up to 5 minutes)
    await vi.advanceTimersByTimeAsync(HOLD_MS + 5 * 60_000 + ROUND_TIMEOUT_MS)
    expect(store.outbox().map((row) => row.messageId)).toEqual([sent[1]!.messageId])
    // held past HOLD_MS without a word: taken as lost, handed again (once)
    expect(sent.map((event) => event.messageId)).toEqual([
      sent[0]!.messageId,
      sent[1]!.messageId,
      sent[1]!.messageId,
    ])
  })
})
