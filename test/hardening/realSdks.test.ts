// Issue 9, items 9–12: the sinks against what the other side really does — Google's
// data-layer-helper (GTM's data model), KISSmetrics' identity rules, the real
// @segment/analytics-next and the real posthog-js, both posting to a collector on 127.0.0.1.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import posthog from 'posthog-js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createTracker,
  dataLayerSink,
  kissmetricsSink,
  posthogSink,
  segmentSink,
} from 'trackplan/core'
import { startCollector } from '../delivery/collector'
import { loadSegment } from '../delivery/segment'

const win = window as unknown as Record<string, unknown>
afterEach(() => {
  delete win.dataLayer
  delete win._kmq
  window.history.replaceState({}, '', '/')
})

/** Google's reference implementation of GTM's data model, loaded as the page would load it. */
function dataLayerHelper(layer: unknown[]): { get(key: string): unknown } {
  const source = readFileSync(
    createRequire(import.meta.url).resolve('data-layer-helper/dist/data-layer-helper.js'),
    'utf8',
  )
  new Function('window', source)(window)
  const Helper = (
    window as unknown as {
      DataLayerHelper: new (layer: unknown[]) => { get(key: string): unknown }
    }
  ).DataLayerHelper
  return new Helper(layer)
}

describe('item 9: the GTM data layer holds only the latest event’s keys', () => {
  it('after A then B, the model holds B’s keys only; arrays are replaced, not merged; ecommerce cleared', async () => {
    const layer: unknown[] = []
    win.dataLayer = layer
    const model = dataLayerHelper(layer)
    const tracker = createTracker({ storage: 'memory', sinks: [dataLayerSink()] })
    tracker.track('Completed Purchase', {
      coupon: 'SPRING',
      items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      ecommerce: { value: 30, currency: 'EUR' },
    })
    await tracker.flush()
    expect(model.get('coupon')).toBe('SPRING')
    tracker.track('Clicked Button', { items: [{ id: 'z' }] })
    await tracker.flush()
    expect(model.get('event')).toBe('Clicked Button')
    expect(model.get('coupon')).toBeUndefined()
    expect(model.get('items')).toEqual([{ id: 'z' }])
    expect(model.get('ecommerce')).toBeNull()
    tracker.page('Home')
    await tracker.flush()
    expect(model.get('event')).toBe('page_view')
    expect(model.get('items')).toBeUndefined()
    expect(model.get('page_name')).toBe('Home')
  })
})

describe('item 10: KISSmetrics identities', () => {
  it('HTTP: identify aliases the anonymous person to the user once per change, then sets traits; reserved keys are never overridden', async () => {
    const collector = await startCollector()
    try {
      const tracker = createTracker({
        storage: 'memory',
        sinks: [kissmetricsSink({ transport: 'http', apiKey: 'KEY', endpoint: collector.origin })],
      })
      const anonymous = tracker.anonymousId
      tracker.track('Viewed Pricing')
      tracker.identify('user-1', {
        plan: 'pro',
        _p: 'someone-else',
        _k: 'OTHER',
        _n: 'Fake Event',
        _t: 1,
        _d: 0,
      })
      tracker.identify('user-1', { plan: 'team' })
      tracker.track('Clicked Upgrade', { _p: 'someone-else' })
      await tracker.flush()
      const calls = collector.requests.map((r) => {
        const url = new URL(r.path, collector.origin)
        return [url.pathname, url.searchParams] as const
      })
      expect(calls.map(([p]) => p)).toEqual(['/e', '/a', '/s', '/s', '/e'])
      expect(Object.fromEntries(calls[1]![1])).toEqual({ _k: 'KEY', _p: anonymous, _n: 'user-1' })
      for (const [, params] of calls) {
        expect(params.getAll('_k')).toEqual(['KEY'])
        expect(params.getAll('_p')).toHaveLength(1)
        expect(params.get('_p')).not.toBe('someone-else')
      }
      expect(calls[2]![1].get('_p')).toBe('user-1')
      expect(calls[2]![1].has('_n')).toBe(false)
      expect(calls[2]![1].get('_d')).toBe('1')
      expect(calls[2]![1].get('plan')).toBe('pro')
    } finally {
      await collector.close()
    }
  })

  it('queue mode flattens exactly as HTTP mode does: nested a.b, arrays as JSON, null dropped', async () => {
    const tracker = createTracker({ storage: 'memory', sinks: [kissmetricsSink()] })
    tracker.track('Viewed Cart', {
      cart: { total: 12.5, items: ['a', 'b'] },
      coupon: null,
      _p: 'x',
    })
    tracker.identify('user-1', { company: { size: 12 }, _k: 'x' })
    await tracker.flush()
    expect(win._kmq).toEqual([
      ['record', 'Viewed Cart', { 'cart.total': 12.5, 'cart.items': '["a","b"]' }],
      ['identify', 'user-1'],
      ['set', { 'company.size': 12 }],
    ])
  })
})

describe('item 11: Segment, through the real analytics-next', () => {
  it('what arrives is what trackplan recorded: ids per event while the SDK loads, alias previousId, redacted page context', async () => {
    const collector = await startCollector()
    try {
      window.history.replaceState({}, '', '/pricing?token=SECRET123&plan=pro')
      const analytics = loadSegment(collector.origin, { disableClientPersistence: true }) // not awaited: the SDK is still loading
      const tracker = createTracker({ storage: 'memory', sinks: [segmentSink(analytics)] })
      tracker.identify('user-1')
      const first = tracker.track('Viewed Pricing', { plan: 'pro' })!
      tracker.identify('user-2')
      const second = tracker.track('Clicked Upgrade')!
      tracker.alias('user-3')
      tracker.page('Pricing')
      await tracker.flush()
      await vi.waitFor(() => expect(collector.requests.length).toBeGreaterThanOrEqual(6), {
        timeout: 8000,
      })
      const bodies = collector.requests.map(
        (r) =>
          JSON.parse(r.raw) as {
            messageId?: string
            type?: string
            context: { page: { url: string } }
          },
      )
      const byId = (id: string) => bodies.find((b) => b.messageId === id)!
      expect(byId(first.messageId)).toMatchObject({
        userId: 'user-1',
        anonymousId: first.anonymousId,
      })
      expect(byId(second.messageId)).toMatchObject({ userId: 'user-2' })
      expect(bodies.find((b) => b.type === 'alias')).toMatchObject({
        userId: 'user-3',
        previousId: 'user-2',
      })
      expect(byId(first.messageId).context.page.url).toBe(first.context.page!.url)
      for (const request of collector.requests) expect(request.raw).not.toContain('SECRET123')
    } finally {
      await collector.close()
    }
  })
})

describe('item 12: PostHog, through the real posthog-js', () => {
  it('no URL property carries a secret query parameter ($current_url, $session_entry_url, $initial_current_url)', async () => {
    const collector = await startCollector()
    try {
      window.history.replaceState({}, '', '/pricing?token=SECRET123&plan=pro')
      posthog.init('phc_test', {
        api_host: collector.origin,
        opt_out_useragent_filter: true, // posthog-js drops every event from a headless browser without it
        autocapture: false,
        capture_pageview: false,
        disable_compression: true,
        request_batching: false,
        persistence: 'memory',
        advanced_disable_flags: true,
        disable_session_recording: true,
        person_profiles: 'always',
      } as Parameters<typeof posthog.init>[1])
      const tracker = createTracker({ storage: 'memory', sinks: [posthogSink(posthog)] })
      tracker.identify('user-1', { plan: 'pro' })
      const viewed = tracker.track('Viewed Pricing', { plan: 'pro' })!
      tracker.page('Pricing')
      await tracker.flush()
      await vi.waitFor(() => expect(collector.requests.length).toBeGreaterThanOrEqual(3), {
        timeout: 8000,
      })
      const events = collector.requests.flatMap(
        (r) =>
          (
            JSON.parse(r.raw) as {
              batch: { event: string; uuid: string; properties: Record<string, unknown> }[]
            }
          ).batch,
      )
      const captured = events.find((e) => e.uuid === viewed.messageId)!
      expect(captured.properties.$current_url).toBe(viewed.context.page!.url)
      expect(String(captured.properties.$session_entry_url)).toContain('token=REDACTED')
      for (const request of collector.requests) expect(request.raw).not.toContain('SECRET123')
    } finally {
      await collector.close()
    }
  })
})
