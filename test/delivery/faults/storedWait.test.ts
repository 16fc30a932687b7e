// HUNT-4: a dead tab's record carries `wait` (a Retry-After in force, ms since the epoch).
// It is adopted uncapped and unchecked: a record written by other code, or by a tab whose
// clock was ahead (a clock corrected backwards since), stalls the adopting sink for as long as
// it says — Retry-After is otherwise capped at 300 s (docs/delivery.md) — and a wait beyond
// setTimeout's 2^31-1 ms range turns the sender's timer into a busy loop (the delay overflows
// to 1 ms; each wake-up finds the wait still in force and sets the timer again).
import { expect, it, vi } from 'vitest'
import { collectorWith, MapStorage, sleep, trackerWith } from './support'

const DAY = 24 * 3600 * 1000

it('an adopted wait of 30 days: capped like a Retry-After, and no timer busy loop', async () => {
  const collector = await collectorWith()
  const storage = new MapStorage()
  storage.setItem(
    'trackplan:http:dead',
    JSON.stringify({
      beat: 0,
      released: true,
      wait: Date.now() + 30 * DAY,
      url: collector.url,
      sink: 'http',
      events: [],
    }),
  )
  const delays: number[] = []
  const realSetTimeout = globalThis.setTimeout
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0)
    return realSetTimeout(fn, ms)
  }) as typeof setTimeout)
  const { tracker, http } = trackerWith(collector.url, { persist: storage, tabId: 'tab' })
  tracker.track('Viewed Page')
  await sleep(500)
  const overflowing = delays.filter((ms) => ms > 2 ** 31 - 1).length
  vi.restoreAllMocks()
  http.stop()
  // expected: a stored wait is capped (300 s, as Retry-After is) and sets one timer;
  // actual: thousands of timers in half a second, each set 30 days out (fires after 1 ms)
  expect({ overflowingTimers: overflowing }).toEqual({ overflowingTimers: 0 })
})

it('an adopted wait of 2 hours is not obeyed beyond the 300 s cap', async () => {
  const collector = await collectorWith()
  const storage = new MapStorage()
  storage.setItem(
    'trackplan:http:dead',
    JSON.stringify({
      beat: 0,
      released: true,
      wait: Date.now() + 2 * 3600 * 1000,
      url: collector.url,
      sink: 'http',
      events: [],
    }),
  )
  const delays: number[] = []
  const realSetTimeout = globalThis.setTimeout
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0)
    return realSetTimeout(fn, ms)
  }) as typeof setTimeout)
  const { tracker } = trackerWith(collector.url, { persist: storage, tabId: 'tab' })
  tracker.track('Viewed Page')
  await sleep(300)
  vi.restoreAllMocks()
  // the sender's timer for this tab's first request
  expect(Math.max(...delays)).toBeLessThanOrEqual(300_000)
})
