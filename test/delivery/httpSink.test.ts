// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTracker, httpSink, type HttpSinkOptions, type TrackplanError } from 'trackplan/core'
import { backoff, retryAfter } from '../../src/sinks/http/policy'
import { MapStorage, persisted, startCollector, type Answer, type Received } from './collector'

type Collector = Awaited<ReturnType<typeof startCollector>>
const open: Collector[] = []
const trackers: { close(): Promise<void> }[] = []

async function setup(
  answer?: Parameters<typeof startCollector>[0],
  sink: Partial<HttpSinkOptions> = {},
) {
  const collector = await startCollector(answer)
  open.push(collector)
  const errors: TrackplanError[] = []
  const storage = (sink.persist as MapStorage | undefined) ?? new MapStorage()
  const tracker = createTracker({
    storage: 'memory',
    onError: (e) => errors.push(e),
    sinks: [
      httpSink({
        url: collector.url,
        flushInterval: 60_000,
        retry: { baseDelay: 5, maxDelay: 20 },
        persist: storage,
        tabId: 'tab',
        ...sink,
      }),
    ],
  })
  trackers.push(tracker)
  return { collector, tracker, errors, storage }
}

/** Waits on real I/O (fake timers stand still): up to 2 s of the wall clock, which fake timers leave alone. */
async function ioUntil(done: () => boolean): Promise<void> {
  const until = performance.now() + 2000
  while (!done() && performance.now() < until) await new Promise((r) => setImmediate(r))
}

afterEach(async () => {
  vi.useRealTimers()
  // a tracker whose collector never accepts would retry for minutes: do not wait for it
  await Promise.all(
    trackers
      .splice(0)
      .map((t) =>
        Promise.race([t.close().catch(() => {}), new Promise((r) => setTimeout(r, 200))]),
      ),
  )
  await Promise.all(open.splice(0).map((c) => c.close()))
})

describe('httpSink: batches', () => {
  it('POSTs { batch, sentAt } in batches of batchSize, in order, with the headers given', async () => {
    const { collector, tracker } = await setup(undefined, {
      batchSize: 20,
      headers: { Authorization: 'Basic d2s6' },
    })
    // each full batch goes on its own, at most one request a second (MIN_REQUEST_GAP_MS) — so
    // the wait is longer than vi.waitFor's default second — and a backlog of more than two
    // batches would go as one request
    for (let i = 0; i < 45; i++) {
      tracker.track('Clicked Button', { i })
      if (i % 20 === 19)
        await vi.waitFor(() => expect(collector.accepted()).toHaveLength(i + 1), { timeout: 3000 })
    }
    await tracker.flush()
    expect(collector.requests.map((r) => r.body?.batch.length)).toEqual([20, 20, 5])
    const first = collector.requests[0]!
    expect(first.method).toBe('POST')
    expect(first.headers['content-type']).toBe('application/json')
    expect(first.headers.authorization).toBe('Basic d2s6')
    expect(new Date(first.body!.sentAt).toISOString()).toBe(first.body!.sentAt)
    expect(collector.accepted().map((e) => e.properties.i)).toEqual(
      Array.from({ length: 45 }, (_, i) => i),
    )
  })

  it('sends a partial batch after flushInterval without a flush()', async () => {
    const { collector, tracker } = await setup(undefined, { flushInterval: 30 })
    tracker.track('Clicked Button')
    await vi.waitFor(() => expect(collector.requests).toHaveLength(1))
  })

  it('keeps a batch under maxBatchBytes', async () => {
    const { collector, tracker } = await setup(undefined, { batchSize: 100, maxBatchBytes: 20_000 })
    for (let i = 0; i < 30; i++) tracker.track('Pasted Text', { text: 'x'.repeat(2000) })
    await tracker.flush()
    expect(collector.requests.length).toBeGreaterThan(3)
    for (const r of collector.requests) expect(Buffer.byteLength(r.raw)).toBeLessThanOrEqual(20_000)
    expect(collector.accepted()).toHaveLength(30)
  })
})

describe('httpSink: the status-code matrix', () => {
  it.each([408, 410, 429, 460, 500, 502, 503, 504, 'network error'] as const)(
    'retries after %s, then delivers',
    async (failure) => {
      const { collector, tracker, storage, errors } = await setup((_, i) =>
        i === 0 ? (failure === 'network error' ? 'destroy' : { status: failure }) : { status: 200 },
      )
      tracker.track('Clicked Button')
      await tracker.flush()
      expect(collector.requests).toHaveLength(2)
      expect(collector.requests[0]!.body!.batch[0]!.messageId).toBe(
        collector.requests[1]!.body!.batch[0]!.messageId,
      )
      expect(collector.accepted()).toHaveLength(1)
      expect(storage.data.size).toBe(0)
      expect(errors).toEqual([])
    },
  )

  it.each([400, 401, 403, 404, 422, 501, 505, 511])(
    'drops the batch on %s, and reports it',
    async (status) => {
      const { collector, tracker, storage, errors } = await setup(() => ({ status }))
      tracker.track('Clicked Button')
      tracker.track('Clicked Link')
      await tracker.flush()
      expect(collector.requests).toHaveLength(1)
      expect(storage.data.size).toBe(0)
      expect(tracker.stats().dropped.delivery).toBe(2)
      expect(errors.map((e) => [e.reason, e.event?.event])).toEqual([
        ['delivery', 'Clicked Button'],
        ['delivery', 'Clicked Link'],
      ])
      expect(errors[0]!.message).toContain(`answered ${status}`)
    },
  )

  it('gives up after maxAttempts, and reports each event', async () => {
    const { collector, tracker, errors } = await setup(() => ({ status: 503 }), {
      retry: { baseDelay: 1, maxDelay: 2, maxAttempts: 4 },
    })
    tracker.track('Clicked Button')
    await tracker.flush()
    expect(collector.requests).toHaveLength(4)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain('gave up after 4 attempts (last: 503)')
  })

  it('backs off exponentially from the base, with jitter in the upper half, capped', () => {
    const low = () => 0
    const high = () => 0.999999
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => Math.round(backoff(n, 500, 60_000, high)))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000,
    ])
    expect([1, 2, 3, 8, 12].map((n) => backoff(n, 500, 60_000, low))).toEqual([
      250, 500, 1000, 30_000, 30_000,
    ])
  })

  it('reads Retry-After as seconds or a date, capped at 300 s', () => {
    expect(retryAfter('3')).toBe(3000)
    expect(retryAfter('100000')).toBe(300_000)
    expect(retryAfter(null)).toBeUndefined()
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString()
    expect(retryAfter(inTenSeconds)).toBeGreaterThan(8000)
    expect(retryAfter('soon')).toBeUndefined()
  })

  it('waits as long as Retry-After says before retrying', async () => {
    const { collector, tracker } = await setup((_, i) =>
      i === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 },
    )
    tracker.track('Clicked Button')
    const flushing = tracker.flush()
    await vi.waitFor(() => expect(collector.requests).toHaveLength(1))
    await new Promise((r) => setTimeout(r, 700))
    expect(collector.requests).toHaveLength(1) // the sink's own backoff would have retried within 20 ms
    await flushing
    expect(collector.requests).toHaveLength(2)
    expect(collector.accepted()).toHaveLength(1)
  })
})

describe('httpSink: envelopes a collector refuses in its 2xx answer', () => {
  const json = { 'content-type': 'application/json; charset=utf-8' }
  /** trackplan's collector's answer: `{ accepted, duplicates, rejected: [{ index, messageId?, reason }] }`. */
  const refusing =
    (indexes: number[], reason = 'properties must be an object, got a string') =>
    (request: Received): Answer => ({
      status: 200,
      headers: json,
      body: JSON.stringify({
        accepted: (request.body?.batch.length ?? 0) - indexes.length,
        duplicates: 0,
        rejected: indexes.map((index) => ({
          index,
          messageId: request.body?.batch[index]?.messageId,
          reason,
        })),
      }),
    })

  it("drops each refused envelope as invalid, reported with the collector's reason; the rest delivered", async () => {
    const { tracker, errors } = await setup(refusing([1, 3]))
    for (let i = 0; i < 4; i++) tracker.track('Clicked Button', { i })
    await tracker.flush()
    expect(tracker.stats()).toMatchObject({ delivered: 2, dropped: { invalid: 2 } })
    expect(errors.map((e) => [e.reason, e.event?.properties.i])).toEqual([
      ['invalid', 1],
      ['invalid', 3],
    ])
    expect(errors[0]!.message).toContain('properties must be an object, got a string')
  })

  it.each<[string, Answer]>([
    ['no body', { status: 200 }],
    ['an empty body', { status: 204 }],
    ["Segment's { success: true }", { status: 200, headers: json, body: '{"success":true}' }],
    ['JSON that is not JSON', { status: 200, headers: json, body: '{"rejected":[{"index":0' }],
    ['rejected not an array', { status: 200, headers: json, body: '{"rejected":{"0":"x"}}' }],
    [
      'indexes outside the batch, or no numbers',
      {
        status: 200,
        headers: json,
        body: '{"rejected":[{"index":5,"reason":"x"},{"index":"0","reason":"x"},{"index":-1},{"index":0.5},null]}',
      },
    ],
  ])('%s: every event delivered, nothing reported', async (_name, answer) => {
    const { tracker, errors } = await setup(() => answer)
    tracker.track('Clicked Button')
    tracker.track('Clicked Button')
    await tracker.flush()
    expect(tracker.stats()).toMatchObject({ delivered: 2, dropped: { invalid: 0 } })
    expect(errors).toEqual([])
  })
})

describe('httpSink: 413', () => {
  it('splits a batch the collector finds too large until it fits', async () => {
    const { collector, tracker } = await setup(
      (req) => ((req.body?.batch.length ?? 0) > 2 ? { status: 413 } : { status: 200 }),
      { batchSize: 8 },
    )
    for (let i = 0; i < 8; i++) tracker.track('Clicked Button', { i })
    await tracker.flush()
    expect(collector.requests.map((r) => [r.status, r.body?.batch.length])).toEqual([
      [413, 8],
      [413, 4],
      [200, 2],
      [200, 2],
      [413, 4],
      [200, 2],
      [200, 2],
    ])
    expect(collector.accepted().map((e) => e.properties.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('drops a single event that is too large on its own, and reports it', async () => {
    const { collector, tracker, errors } = await setup((req) =>
      req.raw.length > 5000 ? { status: 413 } : { status: 200 },
    )
    tracker.track('Pasted Text', { text: 'x'.repeat(10_000) })
    tracker.track('Clicked Button')
    await tracker.flush()
    expect(collector.accepted().map((e) => e.event)).toEqual(['Clicked Button'])
    expect(errors.map((e) => e.reason)).toEqual(['size'])
    expect(tracker.stats().dropped.size).toBe(1)
  })
})

describe('httpSink: keeping up with a backlog', () => {
  it('a backlog goes out in larger batches, several requests at a time, and nothing is dropped', async () => {
    const { collector, tracker, errors } = await setup(() => ({ status: 200, delayMs: 50 }), {
      batchSize: 20,
      flushInterval: 20,
    })
    // 2,000 events a second for a second, against a collector answering in 50 ms
    for (let burst = 0; burst < 100; burst++) {
      for (let i = 0; i < 20; i++) tracker.track('Clicked Button', { i: burst * 20 + i })
      await new Promise((r) => setTimeout(r, 10))
    }
    await tracker.flush()
    const ids = collector.accepted().map((e) => e.messageId)
    expect(new Set(ids).size).toBe(2000)
    expect(errors).toEqual([])
    // batches grow with what waits during a round trip: far fewer requests than 2,000 / 20
    expect(Math.max(...collector.requests.map((r) => r.body!.batch.length))).toBeGreaterThan(20)
    expect(collector.requests.length).toBeLessThan(60)
  })

  it('a backlog larger than one request body goes out in requests side by side', async () => {
    const { collector, tracker, errors } = await setup(() => ({ status: 200, delayMs: 50 }), {
      batchSize: 20,
      maxBatchBytes: 30_000,
    })
    for (let i = 0; i < 1000; i++) tracker.track('Clicked Button', { i })
    await tracker.flush()
    expect(new Set(collector.accepted().map((e) => e.messageId)).size).toBe(1000)
    expect(errors).toEqual([])
    // one request arrived before another was answered
    const overlapping = collector.requests.some((r, i) =>
      collector.requests.some(
        (o, j) => j !== i && o.at <= r.at && r.at < (o.answeredAt ?? Infinity),
      ),
    )
    expect(overlapping).toBe(true)
  })

  it('persistence is append-only: what is written to storage grows with the events, not with the backlog', async () => {
    const storage = new MapStorage()
    let written = 0
    const setItem = storage.setItem.bind(storage)
    storage.setItem = (key, value) => {
      written += value.length
      setItem(key, value)
    }
    const { collector, tracker } = await setup(() => ({ status: 200, delayMs: 30 }), {
      batchSize: 20,
      flushInterval: 20,
      persist: storage,
    })
    let eventBytes = 0
    for (let burst = 0; burst < 50; burst++) {
      for (let i = 0; i < 20; i++)
        eventBytes += JSON.stringify(tracker.track('Clicked Button', { i: burst * 20 + i })).length
      await new Promise((r) => setTimeout(r, 2))
    }
    await tracker.flush()
    expect(collector.accepted()).toHaveLength(1000)
    // each event written about once (a partly acknowledged segment is rewritten with what is left)
    expect(written).toBeLessThan(eventBytes * 3)
    expect(storage.data.size).toBe(0)
  })
})

describe('httpSink: persistence', () => {
  it('persists an event whose request failed, and clears it when a 2xx acknowledges it', async () => {
    let answer: Answer = { status: 503 }
    const { collector, tracker, storage } = await setup(() => answer, {
      flushInterval: 10,
      retry: { baseDelay: 50, maxDelay: 50 },
    })
    tracker.track('Clicked Button')
    // the request failed: written at once, not WRITE_AFTER_MS after it was queued
    await vi.waitFor(() =>
      expect(persisted(storage, 'trackplan:http:tab').map((e) => e.event)).toEqual([
        'Clicked Button',
      ]),
    )
    answer = { status: 200 }
    await tracker.flush()
    expect(collector.accepted()).toHaveLength(1)
    expect(storage.getItem('trackplan:http:tab')).toBeNull()
  })

  it('what the collector acknowledges within 2 s of its queueing is never written to storage, nor removed', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    })
    const { collector, tracker, storage } = await setup(undefined, { batchSize: 20 })
    const calls: string[] = []
    const { setItem, removeItem } = storage
    storage.setItem = (key, value) => (calls.push(`set ${key}`), setItem.call(storage, key, value))
    storage.removeItem = (key) => (calls.push(`remove ${key}`), removeItem.call(storage, key))
    for (let i = 0; i < 20; i++) tracker.track('Clicked Button', { i })
    await vi.advanceTimersByTimeAsync(0)
    await ioUntil(() => collector.accepted().length === 20)
    expect(collector.accepted()).toHaveLength(20)
    await vi.advanceTimersByTimeAsync(5000)
    expect(calls).toEqual([])
  })

  it('writes what waits unacknowledged 2 s after its queueing, writes a second apart at most, and loses none at stop()', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    })
    const storage = new MapStorage()
    const writes: number[] = []
    const setItem = storage.setItem.bind(storage)
    storage.setItem = (key, value) => {
      // a write of more than SEGMENT_EVENTS is several keys at one moment: one write
      if (/^trackplan:http:tab:\d+$/.test(key) && writes.at(-1) !== Date.now())
        writes.push(Date.now())
      setItem(key, value)
    }
    const sink = httpSink({ url: 'http://127.0.0.1:9/never', persist: storage, tabId: 'tab' })
    sink.pause(true)
    const tracker = createTracker({ storage: 'memory', sinks: [sink] })
    trackers.push(tracker)
    const start = Date.now()
    tracker.track('Clicked Button')
    await vi.advanceTimersByTimeAsync(1999)
    expect(writes).toEqual([])
    // written WRITE_AFTER_MS after it was tracked
    await vi.advanceTimersByTimeAsync(1)
    expect(writes).toEqual([start + 2000])
    // 100 events a second for 3 s: each written about 2 s after it came, a write a second at most
    for (let i = 0; i < 300; i++) {
      tracker.track('Clicked Button', { i })
      await vi.advanceTimersByTimeAsync(10)
    }
    expect(writes.length).toBeGreaterThanOrEqual(2)
    expect(writes.length).toBeLessThanOrEqual(3)
    for (let i = 1; i < writes.length; i++)
      expect(writes[i]! - writes[i - 1]!).toBeGreaterThanOrEqual(1000)
    expect(persisted(storage, 'trackplan:http:tab').length).toBeLessThan(301)
    // what waits for its write is written as the sink stops (a page going away does the same)
    sink.stop()
    expect(persisted(storage, 'trackplan:http:tab')).toHaveLength(301)
  })

  it('a full batch is sent at once, a partial one after flushInterval', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    })
    const { collector, tracker } = await setup(undefined, { batchSize: 5, flushInterval: 5000 })
    for (let i = 0; i < 5; i++) tracker.track('Clicked Button', { i })
    // the fifth event started it, in the next task (the clock stands still while the request goes and comes back)
    await vi.advanceTimersByTimeAsync(0)
    await ioUntil(() => collector.accepted().length === 5)
    expect(collector.requests.map((r) => r.body?.batch.length)).toEqual([5])
    await vi.advanceTimersByTimeAsync(1000)
    tracker.track('Clicked Link')
    await vi.advanceTimersByTimeAsync(4000)
    expect(collector.requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1200)
    await ioUntil(() => collector.requests.length === 2)
    expect(collector.requests.map((r) => r.body?.batch.length)).toEqual([5, 1])
  })

  it('an event the queue took in early, for inspect() (a devtools panel polling it), is still sent', async () => {
    const collector = await startCollector()
    open.push(collector)
    const sink = httpSink({
      url: collector.url,
      flushInterval: 20,
      persist: new MapStorage(),
      tabId: 'tab',
    })
    const tracker = createTracker({ storage: 'memory', sinks: [sink] })
    trackers.push(tracker)
    tracker.track('Clicked Button')
    await Promise.resolve()
    expect(sink.inspect().queued).toBe(1)
    await vi.waitFor(() =>
      expect(collector.accepted().map((e) => e.event)).toEqual(['Clicked Button']),
    )
  })

  it('consent denied before the queue took the events in: none is written or sent later', async () => {
    const { collector, tracker, storage } = await setup()
    tracker.track('Clicked Button')
    tracker.track('Clicked Link')
    await Promise.resolve()
    tracker.setConsent('denied')
    await new Promise((r) => setTimeout(r, 150))
    await tracker.flush()
    expect(storage.data.size).toBe(0)
    expect(collector.requests).toHaveLength(0)
  })

  it('survives a reload: a second tracker over the same storage sends what the first never could', async () => {
    let up = false
    const collector = await startCollector(() => (up ? { status: 200 } : { status: 503 }))
    open.push(collector)
    const storage = new MapStorage()
    const firstSink = httpSink({
      url: collector.url,
      persist: storage,
      tabId: 'first',
      flushInterval: 10,
      retry: { baseDelay: 10_000 },
    })
    const first = createTracker({ storage: 'memory', onError: () => {}, sinks: [firstSink] })
    first.track('Viewed Pricing')
    first.track('Clicked Plan')
    await vi.waitFor(() => expect(collector.requests).toHaveLength(1))
    await vi.waitFor(() => expect(persisted(storage, 'trackplan:http:first')).toHaveLength(2))
    // the page dies without a word (no heartbeat any more): its queue is adopted once its last
    // heartbeat is older than `orphanAfter` (a record written in the very millisecond the
    // second tracker starts is not, and its next look is a second later)
    firstSink.stop()
    await new Promise((resolve) => setTimeout(resolve, 5))
    up = true
    const second = createTracker({
      storage: 'memory',
      sinks: [httpSink({ url: collector.url, persist: storage, tabId: 'second', orphanAfter: 1 })],
    })
    trackers.push(second)
    await second.flush()
    await vi.waitFor(() =>
      expect(collector.accepted().map((e) => e.event)).toEqual(['Viewed Pricing', 'Clicked Plan']),
    )
    expect(storage.getItem('trackplan:http:first')).toBeNull()
  })

  it('caps the persisted queue: the oldest are dropped and reported', async () => {
    const { tracker, storage, errors } = await setup(() => ({ status: 503 }), {
      maxQueueSize: 5,
      flushInterval: 10,
      retry: { baseDelay: 60_000 },
    })
    for (let i = 0; i < 8; i++) tracker.track('Clicked Button', { i })
    await vi.waitFor(() =>
      expect(persisted(storage, 'trackplan:http:tab').map((e) => e.properties.i)).toEqual([
        3, 4, 5, 6, 7,
      ]),
    )
    expect(errors.map((e) => [e.reason, e.event?.properties.i])).toEqual([
      ['overflow', 0],
      ['overflow', 1],
      ['overflow', 2],
    ])
    expect(tracker.stats().dropped.overflow).toBe(3)
  })

  it('while sending is held, events past maxQueueSize drop the oldest within 100 ms, reported, with nothing reading the queue', async () => {
    const sink = httpSink({ url: 'http://127.0.0.1:9/never', persist: false, maxQueueSize: 5 })
    sink.pause(true)
    const dropped: number[] = []
    const tracker = createTracker({
      storage: 'memory',
      onError: (e) =>
        void (e.reason === 'overflow' && dropped.push(e.event!.properties.i as number)),
      sinks: [sink],
    })
    trackers.push(tracker)
    for (let i = 0; i < 8; i++) tracker.track('Clicked Button', { i })
    await vi.waitFor(() => expect(dropped).toEqual([0, 1, 2]), { timeout: 500 })
    expect(sink.inspect().queued).toBe(5)
  })

  it('a full storage (QuotaExceededError) falls back to memory, reported once, and loses nothing', async () => {
    const full = new MapStorage()
    full.setItem = () => {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' })
    }
    const { collector, tracker, errors } = await setup(undefined, {
      persist: full as unknown as MapStorage,
    })
    for (let i = 0; i < 3; i++) tracker.track('Clicked Button', { i })
    // the write comes WRITE_AFTER_MS after they were queued
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 4000 })
    tracker.track('Clicked Button', { i: 3 })
    await tracker.flush()
    expect(collector.accepted()).toHaveLength(4)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain('storage is full or refused (QuotaExceededError)')
  })

  it('two tabs never send each other’s events; a dead tab’s queue is adopted', async () => {
    const collector = await startCollector((req) =>
      req.headers['x-tab'] === 'A' ? { status: 503 } : { status: 200 },
    )
    open.push(collector)
    const storage = new MapStorage()
    const a = createTracker({
      storage: 'memory',
      onError: () => {},
      sinks: [
        httpSink({
          url: collector.url,
          headers: { 'X-Tab': 'A' },
          persist: storage,
          tabId: 'A',
          flushInterval: 5,
          retry: { baseDelay: 20, maxDelay: 20, maxAttempts: 1000 },
        }),
      ],
    })
    const b = createTracker({
      storage: 'memory',
      sinks: [
        httpSink({
          url: collector.url,
          headers: { 'X-Tab': 'B' },
          persist: storage,
          tabId: 'B',
          flushInterval: 5,
        }),
      ],
    })
    trackers.push(b)
    a.track('Tab A Event')
    b.track('Tab B Event')
    await vi.waitFor(() =>
      expect(collector.requests.filter((r) => r.headers['x-tab'] === 'A').length).toBeGreaterThan(
        2,
      ),
    )
    await b.flush()
    const sentByB = collector.requests
      .filter((r) => r.headers['x-tab'] === 'B')
      .flatMap((r) => r.body!.batch.map((e) => e.event))
    expect(sentByB).toEqual(['Tab B Event'])
    trackers.push(a)
  }, 20_000)

  it('the queue a crashed tab left behind is adopted and sent by a live tab; a live tab’s is not', async () => {
    const collector = await startCollector()
    open.push(collector)
    const storage = new MapStorage()
    const orphan = {
      type: 'track',
      event: 'Left Behind',
      properties: {},
      userId: null,
      anonymousId: 'a',
      messageId: 'orphan-1',
      timestamp: new Date().toISOString(),
      context: { library: { name: 'trackplan', version: '0' } },
    }
    // a queue belongs to its endpoint and sink: these are this sink's
    const owner = { url: collector.url, sink: 'http' }
    storage.setItem(
      'trackplan:http:crashed',
      JSON.stringify({ beat: Date.now() - 60_000, ...owner, events: [orphan] }),
    )
    storage.setItem(
      'trackplan:http:alive',
      JSON.stringify({
        beat: Date.now(),
        ...owner,
        events: [{ ...orphan, event: 'Still Owned', messageId: 'alive-1' }],
      }),
    )
    const b = createTracker({
      storage: 'memory',
      sinks: [httpSink({ url: collector.url, persist: storage, tabId: 'B', flushInterval: 5 })],
    })
    trackers.push(b)
    b.track('Tab B Event')
    await b.flush()
    await vi.waitFor(() =>
      expect(
        collector
          .accepted()
          .map((e) => e.event)
          .sort(),
      ).toEqual(['Left Behind', 'Tab B Event']),
    )
    expect(storage.getItem('trackplan:http:crashed')).toBeNull()
    expect(storage.getItem('trackplan:http:alive')).not.toBeNull()
  })
})

describe('httpSink: the inspection contract (what devtools show)', () => {
  it('inspect() tells queued, in flight, persisted, retrying (attempt, next try, last status), delivered and dropped; pause() holds deliveries', async () => {
    const collector = await startCollector((_req, i) =>
      i === 0 ? { status: 503 } : i === 2 ? { status: 400 } : { status: 200 },
    )
    open.push(collector)
    const inFlight: number[] = []
    const sink = httpSink({
      url: collector.url,
      flushInterval: 60_000,
      retry: { baseDelay: 300, maxDelay: 300 },
      persist: new MapStorage(),
      tabId: 'tab',
      // what inspect() says while each request is on the wire
      fetch: (input, init) => (inFlight.push(sink.inspect().inFlight), fetch(input, init)),
    })
    const tracker = createTracker({ storage: 'memory', onError: () => {}, sinks: [sink] })
    trackers.push(tracker)
    expect(sink.inspect()).toEqual({
      queued: 0,
      inFlight: 0,
      persisted: 0,
      delivered: 0,
      dropped: {},
      paused: false,
    })
    tracker.track('Clicked Plan', { plan: 'pro' })
    tracker.track('Clicked Plan', { plan: 'team' })
    void tracker.flush()
    await vi.waitFor(() => expect(sink.inspect().retry).toMatchObject({ attempt: 1, last: '503' }))
    const retrying = sink.inspect()
    expect(retrying).toMatchObject({ queued: 2, inFlight: 0, delivered: 0 })
    await vi.waitFor(() => expect(sink.inspect().persisted).toBe(2))
    expect(retrying.retry!.nextAt).toBeGreaterThan(Date.now())
    await vi.waitFor(() =>
      expect(sink.inspect()).toEqual({
        queued: 0,
        inFlight: 0,
        persisted: 0,
        delivered: 2,
        dropped: {},
        paused: false,
      }),
    )
    expect(inFlight).toEqual([2, 2])
    // a 400 drops the batch, counted by reason
    tracker.track('Clicked Plan', { plan: 'free' })
    await tracker.flush()
    expect(sink.inspect()).toMatchObject({ delivered: 2, dropped: { delivery: 1 } })
    // paused: nothing leaves, flush() does not wait; resumed: it goes
    sink.pause(true)
    tracker.track('Clicked Plan', { plan: 'pro' })
    await tracker.flush()
    expect(sink.inspect()).toMatchObject({ queued: 1, paused: true })
    expect(collector.requests).toHaveLength(3)
    sink.pause(false)
    await vi.waitFor(() =>
      expect(sink.inspect()).toMatchObject({ queued: 0, delivered: 3, paused: false }),
    )
  })
})
