// The tracker is whole from the moment createTracker returns (SPEC.md, "Rules"): the envelope
// is built inside the call, returned from it, and behaves the same in an app, under fake
// timers and in trackplan/testing. Nothing in test/setup.ts prepares the tracker: these run
// as a user's first test would.
import { fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  callbackSink,
  createTracker,
  defineTrackingPlan,
  memorySink,
  PlanViolationError,
  TrackingProvider,
  type TrackedEvent,
} from 'trackplan'

afterEach(() => vi.useRealTimers())

describe('createTracker from trackplan is whole at once', () => {
  it('track() returns the envelope from the first call, properties read then', () => {
    const tracker = createTracker({ storage: 'memory', properties: { app: 'web' } })
    const properties = { plan: 'pro', tags: new Set(['a', 'b']), meta: new Map([['k', 1]]) }
    const event = tracker.track('Viewed Pricing', properties)
    properties.plan = 'changed later'
    expect(event).toMatchObject({
      type: 'track',
      event: 'Viewed Pricing',
      properties: { app: 'web', plan: 'pro', tags: ['a', 'b'], meta: { k: 1 } },
      anonymousId: tracker.anonymousId,
    })
    expect(Object.isFrozen(event)).toBe(true)
    expect(tracker.page('Home')).toMatchObject({ type: 'page', event: 'Home' })
    expect(tracker.identify('u1')).toMatchObject({ type: 'identify', userId: 'u1' })
  })

  it("validation: 'throw' throws from the call right after createTracker", () => {
    const plan = defineTrackingPlan({
      events: { 'Viewed Pricing': { properties: { plan: { type: 'string', required: true } } } },
    })
    const onError = vi.fn()
    const tracker = createTracker({ plan, validation: 'throw', storage: 'memory', onError })
    expect(() => tracker.track('Viewed Pricing', {} as never)).toThrow(PlanViolationError)
    expect(tracker.stats().dropped.validation).toBe(1)
  })

  it('a test with vi.useFakeTimers() sees the event reach its sink', async () => {
    vi.useFakeTimers()
    const seen: TrackedEvent[] = []
    const tracker = createTracker({
      sinks: [callbackSink((e) => void seen.push(e))],
      storage: 'memory',
    })
    tracker.track('Clicked Button')
    await vi.runAllTimersAsync()
    expect(seen.map((e) => e.event)).toEqual(['Clicked Button'])
    await tracker.flush()
    expect(tracker.stats().delivered).toBe(1)
  })

  it('odd input never throws into the app', () => {
    const onError = vi.fn()
    const tracker = createTracker({ storage: 'memory', onError })
    expect(() => tracker.identify(Object.create(null) as string)).not.toThrow()
    expect(tracker.identify(Object.create(null) as string)).toBeNull()
    expect(onError).toHaveBeenCalled()
  })

  it('leaves nothing in storage while consent is pending, even when the page hides', () => {
    const tracker = createTracker({ sinks: [memorySink()], consent: 'pending' })
    tracker.identify('alice@example.org', { email: 'alice@example.org' })
    tracker.track('Viewed Pricing')
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    expect(JSON.stringify({ ...localStorage })).not.toContain('alice')
  })

  it('the rage-click watcher hears the first clicks after mount', async () => {
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory], storage: 'memory' })
    render(
      <TrackingProvider tracker={tracker} rageClicks>
        <button data-track-id="buy">Buy</button>
      </TrackingProvider>,
    )
    const buy = screen.getByRole('button')
    for (let i = 0; i < 3; i++) fireEvent.click(buy, { clientX: 5, clientY: 5, detail: 1 })
    await tracker.flush()
    await vi.waitFor(() => expect(memory.events.map((e) => e.event)).toContain('Rage Clicked'), {
      timeout: 2000,
    })
  })
})
