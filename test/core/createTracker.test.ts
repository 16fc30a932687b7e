import { describe, expect, it, vi } from 'vitest'
import {
  callbackSink,
  createTracker,
  memorySink,
  TrackplanError,
  type Sink,
  type TrackedEvent,
} from 'trackplan/core'
import { memoryStorage } from '../../src/core/storage'

const setup = (options: Parameters<typeof createTracker>[0] = {}) => {
  const memory = memorySink()
  const errors: TrackplanError[] = []
  const tracker = createTracker({ sinks: [memory], onError: (e) => errors.push(e), ...options })
  return { tracker, memory, errors }
}

describe('createTracker: envelopes', () => {
  it('builds a Segment-spec track envelope', async () => {
    const { tracker, memory } = setup({ properties: { app: 'web' } })
    const returned = tracker.track('Viewed Pricing', { plan: 'pro' })
    await tracker.flush()
    expect(memory.events).toHaveLength(1)
    const event = memory.events[0]!
    expect(event).toBe(returned)
    expect(event).toMatchObject({
      type: 'track',
      event: 'Viewed Pricing',
      properties: { app: 'web', plan: 'pro' },
      userId: null,
      context: { library: { name: 'trackplan', version: expect.any(String) } },
    })
    expect(event.messageId).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp)
    expect(event.context.page).toMatchObject({ path: '/', url: 'http://localhost:3000/' })
    expect(event.context.timezone).toEqual(expect.any(String))
    expect(event.context.locale).toEqual(expect.any(String))
    expect(event.context.userAgent).toContain('jsdom')
    expect(Object.isFrozen(event)).toBe(true)
    expect(Object.isFrozen(event.properties)).toBe(true)
  })

  it('gives every event its own messageId', () => {
    const { tracker } = setup()
    const ids = new Set(
      Array.from({ length: 1000 }, () => tracker.track('Clicked Button')!.messageId),
    )
    expect(ids.size).toBe(1000)
  })

  it('lets call-site properties win over global ones, arrays replacing', () => {
    const { tracker } = setup({
      properties: { app: 'web', tags: ['a', 'b'], nested: { x: 1, y: 1 } },
    })
    const event = tracker.track('Clicked Button', { app: 'admin', tags: ['c'], nested: { y: 2 } })
    expect(event!.properties).toEqual({ app: 'admin', tags: ['c'], nested: { x: 1, y: 2 } })
  })

  it('calls sinks only after track() returns, in order, on a microtask', async () => {
    const seen: string[] = []
    const tracker = createTracker({ sinks: [callbackSink((e) => void seen.push(e.event!))] })
    tracker.track('First')
    tracker.track('Second')
    expect(seen).toEqual([])
    await Promise.resolve()
    expect(seen).toEqual(['First', 'Second'])
  })

  it('page() adds the page to its properties; identify and alias carry the ids', async () => {
    window.history.pushState({}, '', '/pricing?plan=pro&token=s3cr3t')
    document.title = 'Pricing'
    const { tracker, memory } = setup()
    tracker.page('Pricing', { variant: 'b' })
    tracker.identify('user-1', { plan: 'pro', since: new Date('2024-01-01T00:00:00Z') })
    tracker.track('Clicked Plan')
    tracker.alias('user-2')
    await tracker.flush()
    const [page, identify, click, alias] = memory.events
    expect(page).toMatchObject({
      type: 'page',
      event: 'Pricing',
      properties: {
        path: '/pricing',
        title: 'Pricing',
        search: '?plan=pro&token=REDACTED',
        variant: 'b',
      },
    })
    expect(JSON.stringify(memory.events)).not.toContain('s3cr3t')
    expect(identify).toMatchObject({
      type: 'identify',
      userId: 'user-1',
      traits: { plan: 'pro', since: '2024-01-01T00:00:00.000Z' },
    })
    expect(click!.userId).toBe('user-1')
    expect(alias).toMatchObject({ type: 'alias', userId: 'user-2', previousId: 'user-1' })
    window.history.pushState({}, '', '/')
    document.title = ''
  })
})

describe('createTracker: ids', () => {
  it('persists the anonymous id and user id in localStorage', () => {
    const first = createTracker()
    first.identify('u1')
    const second = createTracker()
    expect(second.anonymousId).toBe(first.anonymousId)
    expect(second.userId).toBe('u1')
    expect(localStorage.getItem('trackplan:anonymousId')).toBe(first.anonymousId)
  })

  it('reset() gives a new anonymous id, no user, and resets sinks after the events already tracked', async () => {
    const order: string[] = []
    const sink: Sink = {
      name: 'ordered',
      send: (e) => void order.push(e.event!),
      reset: () => void order.push('<reset>'),
    }
    const tracker = createTracker({ sinks: [sink] })
    tracker.identify('u1')
    const before = tracker.anonymousId
    tracker.track('Logged Out')
    tracker.reset()
    const after = tracker.track('Viewed Home')
    await tracker.flush()
    expect(order).toEqual([undefined, 'Logged Out', '<reset>', 'Viewed Home'])
    expect(after!.userId).toBeNull()
    expect(after!.anonymousId).not.toBe(before)
  })

  it('keeps ids in memory when storage refuses, and says so through onError', () => {
    const errors: TrackplanError[] = []
    const spy = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    try {
      const tracker = createTracker({ onError: (e) => errors.push(e) })
      expect(tracker.track('Clicked Button')!.anonymousId).toBeTruthy()
    } finally {
      spy.mockRestore()
    }
    expect(errors.map((e) => e.code)).toContain('storage_failed')
  })

  it('accepts a Storage-like object or memory', () => {
    const storage = memoryStorage()
    const a = createTracker({ storage })
    expect(createTracker({ storage }).anonymousId).toBe(a.anonymousId)
    expect(createTracker({ storage: 'memory' }).anonymousId).not.toBe(a.anonymousId)
  })
})

describe('createTracker: isolation', () => {
  it('a throwing or rejecting sink never reaches the app nor stops the other sinks', async () => {
    const memory = memorySink()
    const errors: TrackplanError[] = []
    const tracker = createTracker({
      sinks: [
        {
          name: 'throws',
          send: () => {
            throw new Error('boom')
          },
        },
        { name: 'rejects', send: () => Promise.reject(new Error('nope')) },
        memory,
      ],
      onError: (e) => errors.push(e),
    })
    expect(() => tracker.track('Clicked Button')).not.toThrow()
    await tracker.flush()
    expect(memory.events).toHaveLength(1)
    expect(errors.map((e) => [e.code, e.sink])).toEqual([
      ['sink_failed', 'throws'],
      ['sink_failed', 'rejects'],
    ])
  })

  it('a slow sink does not delay track() or the other sinks; flush() waits for it', async () => {
    let release!: () => void
    const slow: Sink = {
      name: 'slow',
      send: () => new Promise<void>((resolve) => (release = resolve)),
    }
    const memory = memorySink()
    const tracker = createTracker({ sinks: [slow, memory] })
    tracker.track('Clicked Button')
    await Promise.resolve()
    expect(memory.events).toHaveLength(1)
    let flushed = false
    const flushing = tracker.flush().then(() => (flushed = true))
    await new Promise((r) => setTimeout(r, 10))
    expect(flushed).toBe(false)
    release()
    await flushing
    expect(flushed).toBe(true)
  })

  it('an onError or a listener that throws is contained', async () => {
    const tracker = createTracker({
      sinks: [
        {
          name: 'throws',
          send: () => {
            throw new Error('boom')
          },
        },
      ],
      onError: () => {
        throw new Error('onError itself fails')
      },
    })
    tracker.subscribe(() => {
      throw new Error('listener fails')
    })
    expect(() => tracker.track('Clicked Button')).not.toThrow()
    await expect(tracker.flush()).resolves.toBeUndefined()
  })

  it('close() flushes and closes sinks; later events are dropped and reported', async () => {
    const close = vi.fn(async () => {})
    const { tracker, memory, errors } = setup()
    const closing = createTracker({
      sinks: [memory, { name: 'c', send() {}, close }],
      onError: (e) => errors.push(e),
    })
    closing.track('Before')
    await closing.close()
    expect(close).toHaveBeenCalledOnce()
    expect(closing.track('After')).toBeNull()
    await tracker.flush()
    expect(memory.events.map((e) => e.event)).toEqual(['Before'])
    expect(errors.at(-1)).toMatchObject({ code: 'dropped', reason: 'closed' })
  })
})

describe('createTracker: bad input is answered, never thrown', () => {
  it.each([[undefined], [null], [''], ['   '], [42], [{}]])(
    'track(%j) is reported and returns null',
    (name) => {
      const { tracker, errors } = setup()
      expect(tracker.track(name as unknown as string)).toBeNull()
      expect(errors[0]).toMatchObject({ code: 'dropped', reason: 'invalid' })
      expect(errors[0]!.message).toMatch(/^\[trackplan\] track\(\) needs a non-empty event name/)
      expect(tracker.stats().dropped.invalid).toBe(1)
    },
  )

  it('an envelope over 32 KB is not delivered, and is reported', async () => {
    const { tracker, memory, errors } = setup()
    const seen: unknown[] = []
    tracker.subscribe((_, info) => seen.push(info.dropped))
    expect(tracker.track('Pasted Text', { text: 'x'.repeat(40_000) })).toBeNull()
    expect(tracker.track('Pasted Text', { text: 'é'.repeat(17_000) })).toBeNull()
    expect(tracker.track('Pasted Text', { text: 'x'.repeat(20_000) })).not.toBeNull()
    await tracker.flush()
    expect(memory.events).toHaveLength(1)
    expect(errors.map((e) => e.reason)).toEqual(['size', 'size'])
    expect(seen).toEqual(['size', 'size', undefined])
    expect(tracker.stats().dropped.size).toBe(2)
  })
})

describe('createTracker: middleware', () => {
  it('runs in order, may enrich, and may drop (counted)', async () => {
    const { tracker, memory } = setup({
      middleware: [
        (e) => ({ ...e, properties: { ...e.properties, enriched: true } }),
        (e) => (e.event === 'Noise' ? null : e),
      ],
    })
    tracker.track('Signal')
    expect(tracker.track('Noise')).toBeNull()
    await tracker.flush()
    expect(memory.events.map((e) => [e.event, e.properties.enriched])).toEqual([['Signal', true]])
    expect(tracker.stats().dropped.middleware).toBe(1)
  })

  it('a middleware that throws drops the event (it may have been a redaction) and reports it', async () => {
    const { tracker, memory, errors } = setup({
      middleware: [
        () => {
          throw new Error('bug')
        },
      ],
    })
    expect(tracker.track('Entered Email', { email: 'a@b.c' })).toBeNull()
    await tracker.flush()
    expect(memory.events).toEqual([])
    expect(errors.map((e) => e.code)).toEqual(['middleware_failed', 'dropped'])
  })
})

describe('createTracker: consent', () => {
  it('pending buffers in order; granted releases them', async () => {
    const { tracker, memory } = setup({ consent: 'pending' })
    tracker.track('One')
    tracker.track('Two')
    await tracker.flush()
    expect(memory.events).toEqual([])
    expect(localStorage.getItem('trackplan:anonymousId')).toBeNull()
    tracker.setConsent('granted')
    tracker.track('Three')
    await tracker.flush()
    expect(memory.events.map((e) => e.event)).toEqual(['One', 'Two', 'Three'])
    expect(localStorage.getItem('trackplan:anonymousId')).toBe(tracker.anonymousId)
  })

  it('the pending buffer is bounded: the oldest are dropped and reported', async () => {
    const { tracker, memory, errors } = setup({ consent: 'pending', consentBufferSize: 2 })
    for (const name of ['One', 'Two', 'Three']) tracker.track(name)
    tracker.setConsent('granted')
    await tracker.flush()
    expect(memory.events.map((e) => e.event)).toEqual(['Two', 'Three'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ reason: 'overflow', event: { event: 'One' } })
  })

  it('denied discards the buffer, clears persisted ids and tells sinks to discard their queues', async () => {
    const discard = vi.fn()
    const { tracker, errors } = setup({
      consent: 'pending',
      sinks: [{ name: 'q', send() {}, discard }],
    })
    tracker.setConsent('granted')
    expect(localStorage.getItem('trackplan:anonymousId')).not.toBeNull()
    tracker.setConsent('pending')
    tracker.track('One')
    tracker.setConsent('denied')
    tracker.track('Two')
    await tracker.flush()
    expect(discard).toHaveBeenCalledOnce()
    expect(localStorage.getItem('trackplan:anonymousId')).toBeNull()
    expect(errors.map((e) => e.reason)).toEqual(['consent', 'consent'])
    expect(tracker.stats().dropped.consent).toBe(2)
  })

  it('respectDoNotTrack honours Global Privacy Control and DNT', async () => {
    for (const [key, value] of [
      ['globalPrivacyControl', true],
      ['doNotTrack', '1'],
    ] as const) {
      Object.defineProperty(navigator, key, { value, configurable: true })
      try {
        const { tracker, memory } = setup({ respectDoNotTrack: true })
        expect(tracker.track('Clicked Button')).toBeNull()
        await tracker.flush()
        expect(memory.events).toEqual([])
        const ignoring = setup()
        ignoring.tracker.track('Clicked Button')
        await ignoring.tracker.flush()
        expect(ignoring.memory.events).toHaveLength(1)
      } finally {
        delete (navigator as unknown as Record<string, unknown>)[key]
      }
    }
  })
})

describe('createTracker: subscribe', () => {
  it('hears every envelope with its status, and can unsubscribe', async () => {
    const { tracker } = setup({ consent: 'pending' })
    const heard: [string | undefined, unknown][] = []
    const off = tracker.subscribe((e: TrackedEvent, info) => heard.push([e.event, info]))
    tracker.track('Buffered')
    await tracker.flush()
    tracker.setConsent('granted')
    tracker.track('Sent')
    await tracker.flush()
    off()
    tracker.track('Unheard')
    await tracker.flush()
    expect(heard).toEqual([
      ['Buffered', { violations: [], buffered: true }],
      ['Sent', { violations: [] }],
    ])
  })
})
