import { describe, expectTypeOf, it } from 'vitest'
import {
  createTracker,
  TrackClick,
  TrackView,
  useTrack,
  useTracker,
  useTrackOnMount,
  type Sink,
  type TrackedEvent,
  type Tracker,
} from 'trackplan'
import { flushOnExit } from 'trackplan/server'

describe('without a registered plan', () => {
  it('track takes any event name and any properties', () => {
    const track = useTrack()
    expectTypeOf(track).toBeCallableWith('Anything At All', {
      nested: { ok: true },
      when: new Date(),
    })
    expectTypeOf(track).toBeCallableWith('No Properties')
    expectTypeOf(track('x')).toEqualTypeOf<TrackedEvent | null>()
    // @ts-expect-error an event name is a string
    track(42)
    // @ts-expect-error properties are an object
    track('Clicked', 'not an object')
  })

  it('components take any event and properties, or a function of the click', () => {
    expectTypeOf(TrackClick).toBeCallableWith({
      event: 'Clicked Plan',
      properties: { plan: 'pro' },
      children: <button />,
    })
    expectTypeOf(TrackClick).toBeCallableWith({
      event: 'Clicked Plan',
      properties: (e) => ({ x: e.clientX }),
      children: <button />,
    })
    expectTypeOf(TrackView).toBeCallableWith({
      event: 'Viewed Table',
      threshold: 0.25,
      children: <div />,
    })
    useTrackOnMount('Viewed Page')
    useTrackOnMount('Viewed Page', { id: 1 })
  })

  it('the tracker API', () => {
    const tracker = createTracker({ sinks: [], consent: 'pending', validation: 'warn' })
    expectTypeOf(tracker).toEqualTypeOf<Tracker>()
    expectTypeOf(useTracker()).toEqualTypeOf<Tracker>()
    expectTypeOf(tracker.flush()).toEqualTypeOf<Promise<void>>()
    expectTypeOf(tracker.subscribe).returns.toEqualTypeOf<() => void>()
    expectTypeOf(tracker.identify).toBeCallableWith('user-1', { plan: 'pro' })
    // @ts-expect-error consent is one of three states
    tracker.setConsent('maybe')
    // @ts-expect-error validation is one of four modes
    createTracker({ validation: 'loud' })
    const sink: Sink = {
      name: 'mine',
      send: (event) => void expectTypeOf(event.messageId).toBeString(),
    }
    expectTypeOf(sink).toMatchTypeOf<Sink>()
    expectTypeOf(flushOnExit(tracker)).toEqualTypeOf<() => void>()
  })

  it('envelopes are read-only', () => {
    const event = {} as TrackedEvent
    // @ts-expect-error sinks may not change an envelope
    event.event = 'Changed'
  })
})
