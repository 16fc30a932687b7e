// @vitest-environment node
// Issue 9, items 1–4 and 19–21: httpSink against a collector that misbehaves — a real HTTP
// server on 127.0.0.1 that redirects, hangs, answers garbage, drips, resets mid-body and
// answers 429 with Retry-After — and against storage that is full or broken.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTracker, httpSink, type HttpSinkOptions, type TrackplanError } from 'trackplan/core'
import { MapStorage, persisted, startCollector, type Answer } from '../delivery/collector'

type Collector = Awaited<ReturnType<typeof startCollector>>
const open: Collector[] = []
const stops: (() => void)[] = []

async function setup(
  answer: (req: Parameters<Parameters<typeof startCollector>[0] & {}>[0], i: number) => Answer,
  sink: Partial<HttpSinkOptions> = {},
) {
  const collector = await startCollector(answer)
  open.push(collector)
  const errors: TrackplanError[] = []
  const storage = new MapStorage()
  const http = httpSink({
    url: collector.url,
    flushInterval: 60_000,
    retry: { baseDelay: 5, maxDelay: 20 },
    persist: storage,
    tabId: 'tab',
    ...sink,
  })
  stops.push(() => http.stop())
  const tracker = createTracker({
    storage: 'memory',
    onError: (e) => errors.push(e),
    sinks: [http],
  })
  return { collector, tracker, errors, storage, http }
}

afterEach(async () => {
  vi.useRealTimers()
  for (const stop of stops.splice(0)) stop()
  await Promise.all(open.splice(0).map((c) => c.close()))
})

describe('item 1: a redirect is never success', () => {
  it.each([301, 302, 307, 308])(
    '%s: not followed, kept queued, retried, reported once with the Location',
    async (status) => {
      const { collector, tracker, errors } = await setup((_, i) =>
        i < 3 ? { status, headers: { Location: '/moved/v1/batch' } } : { status: 200 },
      )
      tracker.track('Clicked Button')
      await tracker.flush()
      // every request went to the configured URL, as a POST with the batch; the redirect target was never asked
      expect(collector.requests.map((r) => [r.method, r.path])).toEqual([
        ['POST', '/v1/batch'],
        ['POST', '/v1/batch'],
        ['POST', '/v1/batch'],
        ['POST', '/v1/batch'],
      ])
      expect(collector.accepted().map((e) => e.event)).toEqual(['Clicked Button'])
      const moved = errors.filter((e) => e.message.includes('moved'))
      expect(moved).toHaveLength(1)
      expect(moved[0]!.message).toContain('/moved/v1/batch')
      expect(moved[0]!.message).toContain("update httpSink's url")
    },
  )
})

describe("a redirect's body", () => {
  it('is read to its end, not left holding the connection (as any other answer)', async () => {
    const answers: Response[] = []
    const http = httpSink({
      url: 'https://collector.test/v1/batch',
      flushInterval: 60_000,
      retry: { baseDelay: 5, maxDelay: 20 },
      persist: false,
      fetch: () => {
        const answer =
          answers.length === 0
            ? new Response('moved, see /elsewhere', { status: 307, headers: { Location: '/x' } })
            : new Response(null, { status: 200 })
        answers.push(answer)
        return Promise.resolve(answer)
      },
    })
    stops.push(() => http.stop())
    const tracker = createTracker({ storage: 'memory', onError: () => {}, sinks: [http] })
    tracker.track('Clicked Button')
    await tracker.flush({ timeout: 3000 })
    expect(answers).toHaveLength(2)
    expect(answers[0]!.bodyUsed).toBe(true)
  })
})

describe('item 2: a request that never answers times out as a network error', () => {
  it.each(['hang', 'drip', 'garbage'] as const)(
    '%s: retried with the same messageIds, then delivered',
    async (fault) => {
      const { collector, tracker } = await setup((_, i) => (i === 0 ? fault : { status: 200 }), {
        timeout: 300,
      })
      tracker.track('Clicked Button')
      const started = Date.now()
      await tracker.flush({ timeout: 5000 })
      expect(Date.now() - started).toBeLessThan(4000)
      expect(collector.requests).toHaveLength(2)
      expect(collector.requests[1]!.body!.batch[0]!.messageId).toBe(
        collector.requests[0]!.body!.batch[0]!.messageId,
      )
      expect(collector.accepted()).toHaveLength(1)
    },
  )

  it('a reset in the middle of a 200 body is delivered (the status said so), and nothing throws', async () => {
    const { collector, tracker, errors } = await setup(() => 'reset-mid-body')
    tracker.track('Clicked Button')
    await tracker.flush({ timeout: 3000 })
    expect(collector.requests).toHaveLength(1)
    expect(errors).toEqual([])
  })
})

describe('item 3: flush() and close() are bounded', () => {
  it('flush({ timeout }) resolves by the deadline during an outage; the events stay queued and persisted', async () => {
    const { tracker, storage } = await setup(() => ({ status: 503 }), {
      retry: { baseDelay: 50, maxDelay: 100 },
    })
    tracker.track('Clicked Button')
    const started = Date.now()
    await tracker.flush({ timeout: 300 })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(persisted(storage, 'trackplan:http:tab')).toHaveLength(1)
  })

  it('close({ timeout }) against a hanging collector resolves by the deadline; persisted events stay for the next load', async () => {
    const { tracker, storage, errors } = await setup(() => 'hang')
    tracker.track('Clicked Button')
    const started = Date.now()
    await tracker.close({ timeout: 300 })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(persisted(storage, 'trackplan:http:tab')).toHaveLength(1)
    expect(errors.filter((e) => e.reason === 'delivery')).toEqual([])
  })

  it('close({ timeout }) gives up on events nothing persists: counted and reported as dropped', async () => {
    const { tracker, errors } = await setup(() => 'hang', { persist: false })
    tracker.track('Clicked Button')
    tracker.track('Clicked Link')
    await tracker.close({ timeout: 300 })
    expect(tracker.stats().dropped.delivery).toBe(2)
    expect(errors.filter((e) => e.reason === 'delivery').map((e) => e.event?.event)).toEqual([
      'Clicked Button',
      'Clicked Link',
    ])
  })
})

describe('item 4: full or broken storage never throws', () => {
  const quota = () =>
    Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' })

  it('at quota, with another tab’s queue left behind: the constructor and the heartbeat do not throw; memory, reported once', async () => {
    const collector = await startCollector()
    open.push(collector)
    const storage = new MapStorage()
    storage.setItem(
      'trackplan:http:other',
      JSON.stringify({ beat: 0, url: collector.url, sink: 'http', events: [] }),
    )
    storage.setItem = () => {
      throw quota()
    }
    const errors: TrackplanError[] = []
    const uncaught: unknown[] = []
    const onUncaught = (e: unknown) => uncaught.push(e)
    process.on('uncaughtException', onUncaught)
    try {
      let sink: ReturnType<typeof httpSink> | undefined
      expect(
        () =>
          (sink = httpSink({ url: collector.url, persist: storage, orphanAfter: 30, tabId: 'me' })),
      ).not.toThrow()
      stops.push(() => sink!.stop())
      const tracker = createTracker({
        storage: 'memory',
        sinks: [sink!],
        onError: (e) => errors.push(e),
      })
      tracker.track('Clicked Button')
      await new Promise((r) => setTimeout(r, 1200)) // several heartbeats
      await tracker.flush({ timeout: 2000 })
      expect(collector.accepted().map((e) => e.event)).toEqual(['Clicked Button'])
      expect(uncaught).toEqual([])
      expect(errors.filter((e) => /storage/.test(e.message))).toHaveLength(1)
    } finally {
      process.off('uncaughtException', onUncaught)
    }
  })

  it('a Storage-like object whose every method throws: the constructor does not throw', async () => {
    const broken = {
      get length(): number {
        throw new Error('denied')
      },
      key(): string {
        throw new Error('denied')
      },
      getItem(): string {
        throw new Error('denied')
      },
      setItem(): void {
        throw new Error('denied')
      },
      removeItem(): void {
        throw new Error('denied')
      },
    }
    const collector = await startCollector()
    open.push(collector)
    const errors: TrackplanError[] = []
    let sink: ReturnType<typeof httpSink> | undefined
    expect(() => (sink = httpSink({ url: collector.url, persist: broken }))).not.toThrow()
    stops.push(() => sink!.stop())
    const tracker = createTracker({
      storage: 'memory',
      sinks: [sink!],
      onError: (e) => errors.push(e),
    })
    tracker.track('Clicked Button')
    await tracker.flush({ timeout: 2000 })
    expect(collector.accepted()).toHaveLength(1)
    expect(errors.filter((e) => /storage/.test(e.message))).toHaveLength(1)
  })
})

describe('item 19: a retry wait is a floor', () => {
  it('new events during a Retry-After wait do not cut it short', async () => {
    const { collector, tracker } = await setup(
      (_, i) => (i === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }),
      { flushInterval: 20, batchSize: 2 },
    )
    tracker.track('Clicked Button')
    await vi.waitFor(() => expect(collector.requests).toHaveLength(1))
    const refused = Date.now()
    for (let i = 0; i < 10; i++) {
      tracker.track('Clicked Link', { i })
      await new Promise((r) => setTimeout(r, 50))
    }
    await vi.waitFor(() => expect(collector.requests.length).toBeGreaterThan(1), { timeout: 3000 })
    expect(collector.requests[1]!.status).toBe(200)
    expect(Date.now() - refused).toBeGreaterThanOrEqual(900)
    await tracker.flush({ timeout: 3000 })
    expect(collector.accepted()).toHaveLength(11)
  })
})

describe('item 20: Retry-After: 0 never waits less than the backoff', () => {
  it('spreads the attempts out by the backoff', async () => {
    const { collector, tracker } = await setup(
      () => ({ status: 429, headers: { 'Retry-After': '0' } }),
      { retry: { baseDelay: 100, maxDelay: 400, maxAttempts: 4 } },
    )
    tracker.track('Clicked Button')
    await tracker.flush({ timeout: 5000 })
    expect(collector.requests).toHaveLength(4)
    const times = collector.requests.map((r) => r.at)
    // backoff 100, 200, 400 with jitter in the upper half: at least 50 + 100 + 200 ms in all
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(350)
  })
})

describe('item 21: a queue belongs to its endpoint and its sink', () => {
  it('two httpSinks to different URLs never adopt each other’s leftovers', async () => {
    const a = await startCollector()
    const b = await startCollector()
    open.push(a, b)
    const storage = new MapStorage()
    // the last load left events unsent for vendor B
    const first = httpSink({
      url: b.url,
      name: 'vendor-b',
      persist: storage,
      tabId: 'old',
      flushInterval: 60_000,
    })
    createTracker({ storage: 'memory', sinks: [first] }).track('For Vendor B')
    // the page goes away (the event handed to the sink first): what it has not sent is written
    await new Promise((r) => setTimeout(r, 0))
    first.stop()
    expect(persisted(storage, 'trackplan:http:old.vendor-b')).toHaveLength(1)
    // this load: a sink for A starts first, and must leave B's queue alone
    const sinkA = httpSink({
      url: a.url,
      name: 'vendor-a',
      persist: storage,
      tabId: 'new-a',
      orphanAfter: 1,
    })
    stops.push(() => sinkA.stop())
    const trackerA = createTracker({ storage: 'memory', sinks: [sinkA] })
    trackerA.track('For Vendor A')
    await trackerA.flush({ timeout: 2000 })
    expect(a.accepted().map((e) => e.event)).toEqual(['For Vendor A'])
    const sinkB = httpSink({
      url: b.url,
      name: 'vendor-b',
      persist: storage,
      tabId: 'new-b',
      orphanAfter: 1,
    })
    stops.push(() => sinkB.stop())
    const trackerB = createTracker({ storage: 'memory', sinks: [sinkB] })
    await trackerB.flush({ timeout: 2000 })
    await vi.waitFor(() => expect(b.accepted().map((e) => e.event)).toEqual(['For Vendor B']))
    expect(a.accepted().map((e) => e.event)).toEqual(['For Vendor A'])
  })
})
