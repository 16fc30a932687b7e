// Found by an adversarial pass (round 3): the tracker under odd middleware, consent values,
// re-entrant sinks and onError handlers, and sinks that write to what they are given.
import { expect, it } from 'vitest'
import {
  createTracker,
  memorySink,
  type Sink,
  type Tracker,
  type TrackedEvent,
  type TrackplanError,
} from 'trackplan/core'

const dropsOf = (tracker: Tracker) =>
  Object.values(tracker.stats().dropped).reduce((sum, count) => sum + count, 0)

it('a middleware returning an event whose properties cannot be read: counted as a drop', async () => {
  const sink = memorySink()
  const tracker = createTracker({
    sinks: [sink],
    onError: () => {},
    middleware: [
      (event) =>
        new Proxy(
          { ...event },
          {
            get(target, key) {
              if (key === 'properties') throw new Error('boom')
              return (target as Record<string | symbol, unknown>)[key]
            },
          },
        ) as TrackedEvent,
    ],
  })
  expect(() => tracker.track('Clicked Buy')).not.toThrow()
  await tracker.flush()
  expect(sink.events).toHaveLength(0)
  expect(tracker.stats().tracked).toBe(tracker.stats().delivered + dropsOf(tracker))
})

it('a middleware returning something that is not an event: dropped and reported', async () => {
  const received: unknown[] = []
  const errors: TrackplanError[] = []
  const tracker = createTracker({
    sinks: [{ name: 'spy', send: (event) => void received.push(event) }],
    onError: (error) => errors.push(error),
    middleware: [() => 'oops' as unknown as TrackedEvent],
  })
  expect(tracker.track('Clicked Buy')).toBeNull()
  await tracker.flush()
  expect(received).toEqual([])
  expect(tracker.stats().dropped.middleware).toBe(1)
  expect(errors.map((error) => error.code)).toContain('middleware_failed')
})

it('setConsent with a value that is none of the three is reported and ignored', async () => {
  const errors: TrackplanError[] = []
  const sink = memorySink()
  const tracker = createTracker({
    sinks: [sink],
    consent: 'pending',
    onError: (e) => errors.push(e),
  })
  tracker.track('Before Decision')
  tracker.setConsent(true as never) // a consent manager's boolean
  tracker.track('After Decision')
  await tracker.flush()
  expect(tracker.getConsent()).toBe('pending')
  expect(sink.events).toEqual([])
  expect(errors.length).toBeGreaterThan(0)
  tracker.setConsent('granted')
  await tracker.flush()
  expect(sink.events.map((e) => e.event)).toEqual(['Before Decision', 'After Decision'])
})

it('a sink that tracks and flushes from send(): every sink still receives events in order', async () => {
  const order: string[] = []
  const reentrant: Sink = {
    name: 'reentrant',
    send(event) {
      if (event.event === 'First') {
        tracker.track('From Sink')
        void tracker.flush()
      }
    },
  }
  const recorder: Sink = { name: 'recorder', send: (event) => void order.push(event.event!) }
  const tracker: Tracker = createTracker({ sinks: [reentrant, recorder], onError: () => {} })
  tracker.track('First')
  tracker.track('Second')
  await tracker.flush()
  expect(order).toEqual(['First', 'Second', 'From Sink'])
})

it('an onError that tracks while consent is denied does not recurse', async () => {
  let calls = 0
  const tracker: Tracker = createTracker({
    sinks: [memorySink()],
    consent: 'denied',
    onError: (error) => {
      calls++
      tracker.track('Tracking Failed', { code: error.code })
    },
  })
  tracker.track('Clicked Buy')
  await tracker.flush()
  expect(calls).toBe(1)
  expect(tracker.stats().tracked).toBe(2)
  expect(tracker.stats().dropped.consent).toBe(2)
})

it('the envelope is frozen through and through: a sink cannot change what the next one reads', async () => {
  const seen: unknown[] = []
  const vandal: Sink = {
    name: 'vandal',
    send(event) {
      try {
        ;(event.properties.cart as Record<string, unknown>).total = 0
      } catch {
        // frozen: the write fails
      }
    },
  }
  const honest: Sink = { name: 'honest', send: (event) => void seen.push(event.properties) }
  const tracker = createTracker({ sinks: [vandal, honest] })
  const envelope = tracker.track('Completed Purchase', { cart: { total: 99 } })!
  await tracker.flush()
  expect(seen[0]).toEqual({ cart: { total: 99 } })
  expect(Object.isFrozen(envelope.properties.cart)).toBe(true)
  expect(Object.isFrozen(envelope.context.library)).toBe(true)
  expect(Object.isFrozen(tracker.identify('u1', { plan: 'pro' })!.traits)).toBe(true)
})

it("an app's storage whose reads throw: ids kept in memory, the failure reported", () => {
  const errors: string[] = []
  const storage = {
    getItem: () => {
      throw new Error('SecurityError')
    },
    setItem: () => {},
    removeItem: () => {},
  }
  const tracker = createTracker({ storage, onError: (e) => errors.push(e.code) })
  expect(tracker.track('Clicked Buy')).not.toBeNull()
  expect(errors).toContain('storage_failed')
})

it('setConsent with an object that cannot be printed does not throw', () => {
  const errors: string[] = []
  const tracker = createTracker({ onError: (e) => errors.push(e.code) })
  expect(() => tracker.setConsent(Object.create(null) as never)).not.toThrow()
  expect(errors).toEqual(['invalid_event'])
  expect(tracker.getConsent()).toBe('granted')
})

it('a dropped event reaches listeners frozen through, as a sent one does', async () => {
  const heard: TrackedEvent[] = []
  const tracker = createTracker({ middleware: [() => null], onError: () => {} })
  tracker.subscribe((event) => void heard.push(event))
  tracker.track('Completed Purchase', { cart: { total: 99 } })
  await tracker.flush()
  expect(Object.isFrozen(heard[0]!.properties.cart)).toBe(true)
})
