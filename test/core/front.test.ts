import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createTracker,
  defineTrackingPlan,
  memorySink,
  PlanViolationError,
  type TrackplanError,
  type TrackedEvent,
} from 'trackplan/core'
import { installEngine } from '../../src/core/createTracker'
import * as engine from '../../src/core/engine'
import { layered } from '../../src/core/layer'

// createTracker's engine is its own chunk: until it arrives, a tracker keeps its calls and
// replays them on it. test/setup.ts installs the engine for the other suites; these tests
// take it away, or hand it over when they choose.

/** An engine that arrives when the test says so (or fails to). */
function lateEngine() {
  let arrive!: () => void
  let fail!: (error: Error) => void
  installEngine(
    new Promise<typeof engine>((resolve, reject) => {
      arrive = () => resolve(engine)
      fail = reject
    }),
  )
  return { arrive: () => arrive(), fail: (error: Error) => fail(error) }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

beforeEach(() => installEngine(undefined))
afterEach(() => {
  installEngine(engine)
  window.history.replaceState({}, '', '/')
})

describe('createTracker before its engine arrives', () => {
  it('fetches the engine itself: calls made at once are delivered, whole, after it arrives', async () => {
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory], properties: { app: 'web' } })
    expect(tracker.track('Viewed Pricing', { plan: 'pro' })).toBeNull() // kept, not dropped
    expect(tracker.stats()).toMatchObject({ tracked: 1, dropped: { delivery: 0 } })
    await tracker.flush()
    expect(memory.events).toHaveLength(1)
    expect(memory.events[0]).toMatchObject({
      type: 'track',
      event: 'Viewed Pricing',
      properties: { app: 'web', plan: 'pro' },
      context: { library: { name: 'trackplan' } },
    })
    // once it is there, calls go straight to it
    expect(tracker.track('Clicked Plan')).toMatchObject({ event: 'Clicked Plan' })
    expect(tracker.stats().tracked).toBe(2)
  })

  it('replays in order, each event with the time and the page it happened at (secrets redacted)', async () => {
    const late = lateEngine()
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory] })
    window.history.pushState({}, '', '/pricing?token=s3cr3t&plan=pro')
    const before = Date.now()
    tracker.track('Viewed Pricing')
    await new Promise((resolve) => setTimeout(resolve, 30))
    window.history.pushState({}, '', '/checkout')
    tracker.page('Checkout')
    tracker.identify('u1', { plan: 'pro' })
    tracker.track('Started Checkout')
    await new Promise((resolve) => setTimeout(resolve, 30))
    window.history.pushState({}, '', '/elsewhere')
    late.arrive()
    await tracker.flush()
    const [viewed, page, identify, started] = memory.events as TrackedEvent[]
    expect(memory.events.map((e) => e.event ?? e.type)).toEqual([
      'Viewed Pricing',
      'Checkout',
      'identify',
      'Started Checkout',
    ])
    expect(viewed!.context.page).toMatchObject({
      path: '/pricing',
      url: 'http://localhost:3000/pricing?token=REDACTED&plan=pro',
      search: '?token=REDACTED&plan=pro',
    })
    expect(Date.parse(viewed!.timestamp)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(viewed!.timestamp)).toBeLessThan(Date.parse(started!.timestamp) - 20)
    expect(page!.context.page!.path).toBe('/checkout')
    expect(page!.properties).toMatchObject({ path: '/checkout' })
    // the events before identify are the anonymous visitor's; the ones after, the user's
    expect(viewed!.userId).toBeNull()
    expect(identify).toMatchObject({ userId: 'u1', traits: { plan: 'pro' } })
    expect(started!.userId).toBe('u1')
    expect(started!.context.page!.path).toBe('/checkout')
  })

  it('knows its ids, consent and listeners at once, and keeps them once the engine is there', async () => {
    localStorage.setItem('trackplan:anonymousId', 'a-stored')
    const late = lateEngine()
    const heard: string[] = []
    const tracker = createTracker({ sinks: [memorySink()], consent: 'pending' })
    const unsubscribe = tracker.subscribe((event) => heard.push(event.event ?? event.type))
    expect(tracker.anonymousId).toBe('a-stored')
    expect(tracker.userId).toBeNull()
    tracker.identify('u0')
    tracker.reset()
    expect(tracker.userId).toBeNull()
    tracker.identify('u1')
    expect(tracker.userId).toBe('u1')
    expect(tracker.getConsent()).toBe('pending')
    tracker.track('Viewed Pricing')
    tracker.setConsent('granted')
    expect(tracker.getConsent()).toBe('granted')
    late.arrive()
    await tracker.flush()
    expect(heard).toEqual(['identify', 'identify', 'Viewed Pricing'])
    expect(tracker.userId).toBe('u1')
    expect(tracker.anonymousId).not.toBe('a-stored') // reset() gave the visitor a new one
    expect(tracker.anonymousId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(localStorage.getItem('trackplan:userId')).toBe('u1') // written once consent came
    unsubscribe()
    tracker.track('Clicked Plan')
    await tracker.flush()
    expect(heard).toHaveLength(3)
  })

  it.each(['localStorage', 'memory'] as const)(
    'a new visitor keeps the anonymous id shown before the engine arrived (storage: %s)',
    async (storage) => {
      const late = lateEngine()
      const memory = memorySink()
      const tracker = createTracker({ sinks: [memory], storage })
      const shown = tracker.anonymousId
      expect(shown).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      tracker.track('Viewed Pricing')
      late.arrive()
      await tracker.flush()
      tracker.track('Clicked Plan')
      await tracker.flush()
      expect(tracker.anonymousId).toBe(shown)
      expect(memory.events.map((e) => e.anonymousId)).toEqual([shown, shown])
      expect(localStorage.getItem('trackplan:anonymousId')).toBe(
        storage === 'localStorage' ? shown : null,
      )
    },
  )

  it('a withIdentity tracker made before the engine keeps its own ids', async () => {
    const late = lateEngine()
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory], storage: 'memory' })
    const alice = tracker.withIdentity({ userId: 'alice' })
    expect(alice.userId).toBe('alice')
    const anonymous = alice.anonymousId
    expect(anonymous).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    alice.track('Viewed Pricing')
    tracker.track('Viewed Home')
    late.arrive()
    await tracker.flush()
    alice.track('Clicked Plan')
    await tracker.flush()
    expect(memory.events.map((e) => [e.event, e.userId, e.anonymousId === anonymous])).toEqual([
      ['Viewed Pricing', 'alice', true],
      ['Viewed Home', null, false],
      ['Clicked Plan', 'alice', true],
    ])
  })

  it("validation: 'throw' — a violation in a replayed call is a counted, reported drop (there is no call left to throw into)", async () => {
    const late = lateEngine()
    const errors: TrackplanError[] = []
    const plan = defineTrackingPlan({
      events: { 'Viewed Pricing': { properties: { plan: { type: 'string' } } } },
    })
    const memory = memorySink()
    const tracker = createTracker({
      plan,
      validation: 'throw',
      sinks: [memory],
      onError: (error) => errors.push(error),
    })
    ;(tracker.track as (name: string) => unknown)('Viewd Pricing')
    tracker.track('Viewed Pricing', { plan: 'pro' })
    late.arrive()
    await tracker.flush()
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({
      code: 'dropped',
      reason: 'validation',
      event: { event: 'Viewd Pricing' },
    })
    expect(tracker.stats().dropped.validation).toBe(1)
    expect(memory.events.map((e) => e.event)).toEqual(['Viewed Pricing'])
    // afterwards, the call itself throws, as it always does under 'throw'
    expect(() => (tracker.track as (name: string) => unknown)('Viewd Pricing')).toThrow(
      PlanViolationError,
    )
  })

  it('an engine that never arrives: the events are counted as dropped and reported, never thrown; flush and close still settle', async () => {
    const late = lateEngine()
    const errors: TrackplanError[] = []
    const tracker = createTracker({ sinks: [memorySink()], onError: (error) => errors.push(error) })
    tracker.track('Viewed Pricing')
    tracker.setConsent('denied')
    tracker.track('Clicked Plan')
    late.fail(new Error('chunk failed to load'))
    await tracker.flush()
    await tick()
    expect(tracker.track('Later')).toBeNull()
    expect(tracker.stats()).toMatchObject({ tracked: 2, delivered: 0, dropped: { delivery: 3 } })
    await tracker.close({ timeout: 100 })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ code: 'delivery_failed', reason: 'delivery' })
    expect((errors[0]!.cause as Error).message).toBe('chunk failed to load')
    // the next tracker fetches it again
    const memory = memorySink()
    const next = createTracker({ sinks: [memory] })
    next.track('Viewed Pricing')
    await next.flush()
    expect(memory.events).toHaveLength(1)
  })

  it('a page that goes away before its engine arrives leaves its calls to the next page, which sends them as they were', async () => {
    const hidden = (state: 'hidden' | 'visible') => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    }
    try {
      lateEngine() // this page's never arrives: a click navigates away first
      const first = createTracker({ sinks: [memorySink()] })
      // a widget's tracker on the same page, with no sinks of its own: it keeps nothing past the page
      const widget = createTracker({ properties: { widget: 'chat' } })
      window.history.pushState({}, '', '/pricing?token=s3cr3t')
      first.track('Clicked Upgrade', { plan: 'pro' })
      widget.track('Opened Chat')
      const at = Date.now()
      hidden('hidden')
      expect(JSON.parse(localStorage.getItem('trackplan:kept:memory')!)).toHaveLength(1)
      expect(Object.keys(localStorage)).toEqual(['trackplan:kept:memory'])

      // the next page: its tracker takes them, its engine sends them
      hidden('visible')
      window.history.pushState({}, '', '/checkout')
      const late = lateEngine()
      const memory = memorySink()
      const next = createTracker({ sinks: [memory] })
      expect(localStorage.getItem('trackplan:kept:memory')).toBeNull()
      next.track('Started Checkout')
      late.arrive()
      await next.flush()
      expect(memory.events.map((e) => [e.event, e.context.page!.path])).toEqual([
        ['Clicked Upgrade', '/pricing'],
        ['Started Checkout', '/checkout'],
      ])
      expect(memory.events[0]!.context.page!.url).toBe(
        'http://localhost:3000/pricing?token=REDACTED',
      )
      expect(Date.parse(memory.events[0]!.timestamp)).toBeLessThanOrEqual(at)
      expect(memory.events[0]!.properties).toEqual({ plan: 'pro' })
    } finally {
      hidden('visible')
    }
  })

  it("a call kept for the next page keeps its scopes' property layers, merged as they were (inner wins, nested objects merge)", async () => {
    const hidden = (state: 'hidden' | 'visible') => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    }
    try {
      lateEngine()
      const first = createTracker({ sinks: [memorySink()] })
      // what TrackClick hands over under a provider and a scope: layers, merged by the engine
      const scoped = layered(
        { app: 'web', page: { area: 'pricing' } },
        layered({ page: { section: 'hero' } }, { plan: 'pro', app: 'shop' }),
      )
      first.track('Clicked Upgrade', scoped)
      hidden('hidden')
      hidden('visible')
      const late = lateEngine()
      const memory = memorySink()
      createTracker({ sinks: [memory] })
      late.arrive()
      await vi.waitFor(() => expect(memory.events).toHaveLength(1))
      expect(memory.events[0]!.properties).toEqual({
        app: 'shop',
        page: { area: 'pricing', section: 'hero' },
        plan: 'pro',
      })
    } finally {
      hidden('visible')
    }
  })

  it('a page hidden and shown again before its engine arrives sends its calls once, from memory', async () => {
    const late = lateEngine()
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory] })
    tracker.track('Viewed Pricing')
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    expect(localStorage.getItem('trackplan:kept:memory')).not.toBeNull()
    late.arrive()
    await tracker.flush()
    expect(memory.events.map((e) => e.event)).toEqual(['Viewed Pricing'])
    expect(localStorage.getItem('trackplan:kept:memory')).toBeNull() // no next page sends it again
  })

  it('flush() with a timeout settles by it even while the engine is still on its way', async () => {
    lateEngine()
    const tracker = createTracker({ sinks: [memorySink()] })
    tracker.track('Viewed Pricing')
    const started = Date.now()
    await tracker.flush({ timeout: 50 })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(tracker.stats().delivered).toBe(0)
  })
})
