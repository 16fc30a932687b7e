// jsdom: the page lifecycle (pagehide, visibility, online/offline) around a real collector
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker, httpSink } from 'trackplan/core'
import { persisted, startCollector } from './collector'

type Collector = Awaited<ReturnType<typeof startCollector>>
let collector: Collector
/** The requests the page sent with `keepalive` (those that outlive it), and their body sizes. */
const keptAlive: number[] = []
const pageFetch = globalThis.fetch

beforeEach(async () => {
  localStorage.clear()
  collector = await startCollector()
  keptAlive.length = 0
  globalThis.fetch = (input, init) => {
    if (init?.keepalive) keptAlive.push(String(init.body).length)
    return pageFetch(input, init)
  }
})

afterEach(async () => {
  globalThis.fetch = pageFetch
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
  await collector.close()
})

const hide = () => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
  window.dispatchEvent(new Event('pagehide'))
}

describe('httpSink in the page lifecycle', () => {
  it('hidden, the oldest queued events leave in one keepalive request within 32 KB (half the page’s budget), as text/plain; everything is persisted; the rest follows', async () => {
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
    expect(keptAlive).toHaveLength(1)
    expect(keptAlive[0]).toBeLessThanOrEqual(32 * 1024)
    // everything is persisted at once: the page may be killed while hidden
    expect(persisted(localStorage, 'trackplan:http:page-1')).toHaveLength(300)
    // a hidden page lives on: the rest goes in ordinary requests
    await tracker.flush()
    expect(new Set(collector.accepted().map((e) => e.messageId)).size).toBe(300)
    expect(collector.requests[0]!.headers['content-type']).toMatch(/^text\/plain;charset=utf-8$/i)
    // the page lived on: the answers counted, so nothing is sent again
    await vi.waitFor(() => expect(localStorage.getItem('trackplan:http:page-1')).toBeNull())
    expect(tracker.stats().delivered).toBe(300)
    await tracker.close()
  })

  it('a page gone before the answers: the next load sends what it left, with the same messageIds', async () => {
    let answering = false
    const slow = await startCollector(() => (answering ? { status: 200 } : 'hang'))
    const sink = httpSink({ url: slow.url, flushInterval: 60_000, tabId: 'page-1' })
    const tracker = createTracker({ storage: 'memory', sinks: [sink] })
    tracker.track('Viewed Item')
    tracker.track('Clicked Buy')
    await Promise.resolve()
    hide()
    window.dispatchEvent(new Event('pagehide'))
    expect(keptAlive).toHaveLength(1)
    sink.stop() // the page is gone: nothing of it runs again
    expect(JSON.parse(localStorage.getItem('trackplan:http:page-1')!).released).toBe(true)
    const left = persisted(localStorage, 'trackplan:http:page-1').map((e) => e.messageId)
    expect(left).toHaveLength(2)

    answering = true
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    const next = createTracker({
      storage: 'memory',
      sinks: [httpSink({ url: slow.url, tabId: 'page-2' })],
    })
    // the next load's own request (JSON, not the page's keepalive text) carries them again
    await vi.waitFor(() =>
      expect(
        slow.requests
          .filter((request) => request.headers['content-type'] === 'application/json')
          .flatMap((request) => request.body!.batch.map((e) => e.messageId)),
      ).toEqual(left),
    )
    await next.close()
    await slow.close()
  })

  it('an event tracked while the page hides (an abandoned form) leaves at once', async () => {
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
    expect(keptAlive).toHaveLength(1)
  })

  it('headers the app gave go with the keepalive request too', async () => {
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
    expect(keptAlive).toHaveLength(1)
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
