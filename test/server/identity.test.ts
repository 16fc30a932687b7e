// @vitest-environment node
// One server tracker serves every request: a request's identity must never leak into the next.
import { describe, expect, it } from 'vitest'
import { createTracker, memorySink, type TrackplanError } from 'trackplan/server'

function serverTracker() {
  const memory = memorySink()
  const errors: TrackplanError[] = []
  const tracker = createTracker({ sinks: [memory], onError: (e) => errors.push(e) })
  return { tracker, memory, errors }
}

describe('per-request identity on a server', () => {
  it('two requests with different customers: each event carries its own userId, a request without one carries none', async () => {
    const { tracker, memory } = serverTracker()
    const handle = async (customer: string | null, order: string) => {
      const t = tracker.withIdentity({ userId: customer })
      await Promise.resolve() // interleave the requests
      t.track('Completed Purchase', { order })
    }
    await Promise.all([handle('cus_A', '1'), handle('cus_B', '2'), handle(null, '3')])
    await tracker.flush()
    expect(memory.events.map((e) => [e.properties.order, e.userId])).toEqual([
      ['1', 'cus_A'],
      ['2', 'cus_B'],
      ['3', null],
    ])
    expect(new Set(memory.events.map((e) => e.anonymousId)).size).toBe(3)
  })

  it('identify() on the module tracker is refused (reported, counted) so it cannot leak; its own events never share an anonymous id', async () => {
    const { tracker, memory, errors } = serverTracker()
    expect(tracker.identify('cus_A')).toBeNull()
    expect(tracker.alias('cus_A')).toBeNull()
    tracker.track('Renewed Subscription')
    tracker.track('Renewed Subscription')
    await tracker.flush()
    expect(memory.events.map((e) => e.userId)).toEqual([null, null])
    expect(memory.events[0]!.anonymousId).not.toBe(memory.events[1]!.anonymousId)
    expect(errors.map((e) => e.message)).toEqual([
      "[trackplan] identify() on a server tracker would give every later request this user: identify a request's own tracker instead, tracker.withIdentity({ userId, anonymousId }).",
      "[trackplan] alias() on a server tracker would give every later request this user: identify a request's own tracker instead, tracker.withIdentity({ userId, anonymousId }).",
    ])
    expect(tracker.stats().dropped.invalid).toBe(2)
  })

  it("a request's tracker: identify, alias and reset change only it; sinks, stats and flush are shared", async () => {
    const { tracker, memory } = serverTracker()
    const a = tracker.withIdentity({ anonymousId: 'anon-a' })
    const b = tracker.withIdentity()
    a.identify('cus_A', { plan: 'pro' })
    a.track('Viewed Invoice')
    b.track('Viewed Invoice')
    a.reset()
    a.track('Viewed Invoice')
    await a.flush()
    expect(memory.events.map((e) => [e.type, e.userId, e.anonymousId === 'anon-a'])).toEqual([
      ['identify', 'cus_A', true],
      ['track', 'cus_A', true],
      ['track', null, false],
      ['track', null, false],
    ])
    expect(memory.events[2]!.anonymousId).toBe(b.anonymousId)
    expect(tracker.stats().tracked).toBe(4)
  })
})
