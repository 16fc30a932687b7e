// jsdom: the page lifecycle (pagehide, visibility, online/offline) around a real collector
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker, httpSink } from 'trackplan/core'
import { persisted, startCollector } from './collector'

type Collector = Awaited<ReturnType<typeof startCollector>>
let collector: Collector
const beacons: number[] = []

beforeEach(async () => {
  collector = await startCollector()
  beacons.length = 0
  // jsdom has no sendBeacon: this one behaves like the browser's, over real HTTP
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: (url: string, data: Blob) => {
      beacons.push(data.size)
      if (data.size > 64 * 1024) return false
      void data
        .text()
        .then((body) =>
          fetch(url, { method: 'POST', body, headers: { 'content-type': data.type } }),
        )
      return true
    },
  })
})

afterEach(async () => {
  delete (navigator as unknown as Record<string, unknown>).sendBeacon
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
  await collector.close()
})

const hide = () => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
  window.dispatchEvent(new Event('pagehide'))
}

describe('httpSink in the page lifecycle', () => {
  it('on pagehide, queued events leave by beacon in chunks under 64 KB, and stay persisted for the next load', async () => {
    const sink = httpSink({
      url: collector.url,
      flushInterval: 60_000,
      batchSize: 1000,
      tabId: 'page-1',
    })
    const tracker = createTracker({ storage: 'memory', sinks: [sink] })
    for (let i = 0; i < 300; i++) tracker.track('Viewed Item', { i, description: 'x'.repeat(800) })
    await Promise.resolve()
    hide()
    expect(beacons.length).toBeGreaterThan(3)
    for (const size of beacons) expect(size).toBeLessThan(64 * 1024)
    await vi.waitFor(() =>
      expect(new Set(collector.accepted().map((e) => e.messageId)).size).toBe(300),
    )
    const stored = JSON.parse(localStorage.getItem('trackplan:http:page-1')!)
    expect(stored.released).toBe(true)
    expect(persisted(localStorage, 'trackplan:http:page-1')).toHaveLength(300)
    expect(collector.requests[0]!.headers['content-type']).toMatch(/^text\/plain;charset=utf-8$/i)

    // the next load: what may not have arrived is sent again, with the same messageIds, then cleared
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    const next = createTracker({
      storage: 'memory',
      sinks: [httpSink({ url: collector.url, tabId: 'page-2', batchSize: 100 })],
    })
    await next.flush()
    const ids = collector.accepted().map((e) => e.messageId)
    expect(ids).toHaveLength(600)
    expect(new Set(ids).size).toBe(300)
    expect(localStorage.getItem('trackplan:http:page-1')).toBeNull()
    await next.close()
  })

  it('an event tracked while the page hides (an abandoned form) leaves by beacon at once', async () => {
    const tracker = createTracker({
      storage: 'memory',
      sinks: [httpSink({ url: collector.url, flushInterval: 60_000, tabId: 'page' })],
    })
    window.addEventListener('pagehide', () => tracker.track('Abandoned Form', { form: 'Signup' }), {
      once: true,
    })
    hide()
    await vi.waitFor(() =>
      expect(collector.accepted().map((e) => e.event)).toEqual(['Abandoned Form']),
    )
    expect(beacons).toHaveLength(1)
  })

  it('falls back to fetch with keepalive when there is no sendBeacon, or when headers are needed', async () => {
    const tracker = createTracker({
      storage: 'memory',
      sinks: [
        httpSink({
          url: collector.url,
          flushInterval: 60_000,
          tabId: 'p',
          headers: { Authorization: 'Basic abc' },
        }),
      ],
    })
    tracker.track('Clicked Button')
    await Promise.resolve()
    hide()
    await vi.waitFor(() => expect(collector.accepted()).toHaveLength(1))
    expect(beacons).toHaveLength(0)
    expect(collector.requests[0]!.headers.authorization).toBe('Basic abc')
  })

  it('offline pauses sending; online resumes it at once', async () => {
    const tracker = createTracker({
      storage: 'memory',
      sinks: [httpSink({ url: collector.url, flushInterval: 10, tabId: 'p' })],
    })
    window.dispatchEvent(new Event('offline'))
    tracker.track('Clicked Button')
    await tracker.flush()
    await new Promise((r) => setTimeout(r, 100))
    expect(collector.requests).toHaveLength(0)
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(collector.accepted()).toHaveLength(1))
    await tracker.close()
  })

  it('consent denied clears the persisted queue', async () => {
    const down = await startCollector(() => ({ status: 503 }))
    const tracker = createTracker({
      storage: 'memory',
      onError: () => {},
      sinks: [
        httpSink({ url: down.url, flushInterval: 10, tabId: 'p', retry: { baseDelay: 60_000 } }),
      ],
    })
    tracker.track('Clicked Button')
    // its request failed: written at once
    await vi.waitFor(() => expect(localStorage.getItem('trackplan:http:p')).not.toBeNull())
    tracker.setConsent('denied')
    await new Promise((r) => setTimeout(r, 10))
    expect(localStorage.getItem('trackplan:http:p')).toBeNull()
    await down.close()
  })
})
