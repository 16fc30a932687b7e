import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createTracker,
  dataLayerSink,
  kissmetricsSink,
  posthogSink,
  segmentSink,
  type PostHogLike,
} from 'trackplan/core'
import { startCollector } from './collector'
import { loadSegment } from './segment'

const win = window as unknown as Record<string, unknown>
afterEach(() => {
  delete win.dataLayer
  delete win.gtmLayer
  delete win._kmq
  vi.restoreAllMocks()
})

describe('dataLayerSink', () => {
  it('pushes { event, ...properties } onto window.dataLayer (created if missing), page views and ids too', async () => {
    const tracker = createTracker({ storage: 'memory', sinks: [dataLayerSink()] })
    tracker.track('Clicked Plan', { plan: 'pro' })
    tracker.page('Pricing')
    tracker.identify('u1', { email: 'jane@example.com' })
    tracker.reset()
    await tracker.flush()
    const layer = win.dataLayer as Record<string, unknown>[]
    expect(layer[0]).toEqual({ event: 'Clicked Plan', plan: 'pro' })
    expect(layer[1]).toEqual({ plan: undefined }) // GTM keeps state: the last event's keys are unset first
    expect(layer[2]).toMatchObject({ event: 'page_view', page_name: 'Pricing', path: '/' })
    expect(layer[3]).toEqual({ event: 'identify', user_id: 'u1' })
    expect(layer[4]).toEqual({ user_id: null })
    expect(JSON.stringify(layer)).not.toContain('jane@example.com')
  })

  it('uses the named layer and keeps what is already there', async () => {
    win.gtmLayer = [{ existing: true }]
    const tracker = createTracker({
      storage: 'memory',
      sinks: [dataLayerSink({ name: 'gtmLayer' })],
    })
    tracker.track('Clicked Plan')
    await tracker.flush()
    expect(win.gtmLayer).toEqual([{ existing: true }, { event: 'Clicked Plan' }])
    expect(win.dataLayer).toBeUndefined()
  })

  it("warns in development when an event breaks GA4's limits", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const tracker = createTracker({ storage: 'memory', sinks: [dataLayerSink()] })
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`p${i}`, i]))
    tracker.track('Viewed The Extremely Long Pricing Page Name Here', {
      ...many,
      note: 'y'.repeat(101),
    })
    await tracker.flush()
    const lines = warn.mock.calls.map((c) => String(c[0]))
    expect(lines).toEqual([
      '[trackplan] dataLayerSink: "Viewed The Extremely Long Pricing Page Name Here" is 48 characters; GA4 keeps 40.',
      '[trackplan] dataLayerSink: "Viewed The Extremely Long Pricing Page Name Here" has 27 parameters; GA4 keeps 25.',
      '[trackplan] dataLayerSink: "Viewed The Extremely Long Pricing Page Name Here" parameter "note" is 101 characters; GA4 keeps 100.',
    ])
  })
})

describe("kissmetricsSink({ transport: 'queue' })", () => {
  it('pushes record, identify + set, alias and clearIdentity onto window._kmq, in order', async () => {
    const tracker = createTracker({ storage: 'memory', sinks: [kissmetricsSink()] })
    tracker.track('Viewed Pricing', { plan: 'pro' })
    tracker.identify('user-1', { plan: 'pro' })
    tracker.alias('user-2')
    tracker.reset()
    await tracker.flush()
    expect(win._kmq).toEqual([
      ['record', 'Viewed Pricing', { plan: 'pro' }],
      ['identify', 'user-1'],
      ['set', { plan: 'pro' }],
      ['alias', 'user-2', 'user-1'],
      ['clearIdentity'],
    ])
  })

  it('reports names KISSmetrics mangles, in development', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const tracker = createTracker({ storage: 'memory', sinks: [kissmetricsSink()] })
    tracker.track('Viewed: Pricing, Page', { 'a,b': 1, ['x'.repeat(256)]: 2 })
    await tracker.flush()
    const lines = warn.mock.calls.map((c) => String(c[0]))
    expect(
      lines.some((l) => l.includes('"Viewed: Pricing, Page" contains a comma or a colon')),
    ).toBe(true)
    expect(lines.some((l) => l.includes('"a,b" contains a comma or a colon'))).toBe(true)
    expect(lines.some((l) => l.includes('is 256 characters; KISSmetrics keeps 255'))).toBe(true)
  })
})

describe("kissmetricsSink({ transport: 'http' })", () => {
  it('GETs /e, /s and /a with _k, _p, _n, _t, _d and flattened properties; retries on network errors', async () => {
    const collector = await startCollector((_, i) => (i === 0 ? 'destroy' : { status: 200 }))
    try {
      const tracker = createTracker({
        storage: 'memory',
        sinks: [
          kissmetricsSink({
            transport: 'http',
            apiKey: 'KEY',
            endpoint: collector.origin,
            baseDelay: 5,
          }),
        ],
      })
      const anonymous = tracker.anonymousId
      const viewed = tracker.track('Viewed Pricing', {
        plan: 'pro',
        cart: { total: 12.5, items: ['a', 'b'] },
      })!
      await tracker.flush()
      tracker.identify('user-1', { plan: 'team', company: { size: 12 } })
      tracker.alias('user-2')
      await tracker.flush()
      const calls = collector.requests.map((r) => {
        const url = new URL(r.path, collector.origin)
        return [r.method, url.pathname, Object.fromEntries(url.searchParams)]
      })
      const seconds = String(Math.floor(Date.parse(viewed.timestamp) / 1000))
      expect(calls[0]).toEqual(calls[1]) // the dropped connection, then the retry
      expect(calls.slice(1)).toEqual([
        [
          'GET',
          '/e',
          {
            plan: 'pro',
            'cart.total': '12.5',
            'cart.items': '["a","b"]',
            _k: 'KEY',
            _p: anonymous,
            _t: seconds,
            _d: '1',
            _n: 'Viewed Pricing',
          },
        ],
        ['GET', '/a', { _k: 'KEY', _p: anonymous, _n: 'user-1' }],
        [
          'GET',
          '/s',
          {
            plan: 'team',
            'company.size': '12',
            _k: 'KEY',
            _p: 'user-1',
            _t: expect.any(String),
            _d: '1',
          },
        ],
        ['GET', '/a', { _k: 'KEY', _p: 'user-1', _n: 'user-2' }],
      ])
    } finally {
      await collector.close()
    }
  })
})

describe('segmentSink, with a real @segment/analytics-next', () => {
  it('forwards track, page and identify to an instance that posts to a collector on 127.0.0.1, keeping messageId and timestamp', async () => {
    const collector = await startCollector()
    try {
      const [analytics] = await loadSegment(collector.origin)
      const tracker = createTracker({ storage: 'memory', sinks: [segmentSink(analytics)] })
      const viewed = tracker.track('Viewed Pricing', { plan: 'pro' })!
      tracker.page('Pricing', { section: 'top' })
      tracker.identify('user-1', { plan: 'pro' })
      await tracker.flush()
      await vi.waitFor(() => expect(collector.requests.length).toBeGreaterThanOrEqual(3), {
        timeout: 5000,
      })
      const bodies = collector.requests.map((r) => JSON.parse(r.raw) as Record<string, unknown>)
      const track = bodies.find((b) => b.type === 'track')!
      expect(track).toMatchObject({
        event: 'Viewed Pricing',
        properties: { plan: 'pro' },
        messageId: viewed.messageId,
        anonymousId: viewed.anonymousId,
      })
      expect(new Date(track.timestamp as string).toISOString()).toBe(viewed.timestamp)
      expect(bodies.find((b) => b.type === 'page')).toMatchObject({
        name: 'Pricing',
        properties: { section: 'top' },
      })
      expect(bodies.find((b) => b.type === 'identify')).toMatchObject({
        userId: 'user-1',
        traits: { plan: 'pro' },
      })
      expect(
        collector.requests.map((r) => new URL(r.path, collector.origin).pathname).sort(),
      ).toEqual(['/v1/i', '/v1/p', '/v1/t'])
    } finally {
      await collector.close()
    }
  })
})

describe('posthogSink', () => {
  it('captures with timestamp and uuid, $pageview for pages, identify, alias and reset', async () => {
    const calls: unknown[][] = []
    const posthog: PostHogLike = {
      capture: (...args) => calls.push(['capture', ...args]),
      identify: (...args) => calls.push(['identify', ...args]),
      alias: (...args) => calls.push(['alias', ...args]),
      reset: () => calls.push(['reset']),
    }
    const tracker = createTracker({ storage: 'memory', sinks: [posthogSink(posthog)] })
    const viewed = tracker.track('Viewed Pricing', { plan: 'pro' })!
    tracker.page('Pricing')
    tracker.identify('user-1', { plan: 'pro' })
    tracker.alias('user-2')
    tracker.reset()
    await tracker.flush()
    expect(calls[0]).toEqual([
      'capture',
      'Viewed Pricing',
      { plan: 'pro', $current_url: 'http://localhost:3000/', $pathname: '/' },
      { timestamp: new Date(viewed.timestamp), uuid: viewed.messageId },
    ])
    expect(calls[1]!.slice(0, 3)).toMatchObject([
      'capture',
      '$pageview',
      { $current_url: 'http://localhost:3000/', name: 'Pricing' },
    ])
    expect(calls.slice(2)).toEqual([
      ['identify', 'user-1', { plan: 'pro' }],
      ['alias', 'user-2', 'user-1'],
      ['reset'],
    ])
  })
})
