// HUNT-5: the wall clock jumps backwards (NTP correcting a fast clock, the user fixing the
// time, a VM restored) while httpSink waits. Its waits are wall-clock deadlines (Date.now()):
// a retry backoff of 50 ms becomes an hour, and the write-behind's "a second since the last
// write" becomes an hour too — nothing new is persisted meanwhile, so a crash loses it.
// docs/delivery.md lists clock jumps as not modelled by the simulation.
import { expect, it, vi } from 'vitest'
import { collectorWith, MapStorage, persisted, sleep, trackerWith, until } from './support'

const HOUR = 3600 * 1000

function shiftableClock() {
  const real = Date.now.bind(Date)
  let offset = 0
  vi.spyOn(Date, 'now').mockImplementation(() => real() + offset)
  return { jump: (ms: number) => void (offset += ms) }
}

it('a 300 ms backoff does not become an hour when the clock goes back an hour', async () => {
  const clock = shiftableClock()
  const collector = await collectorWith((_, i) => (i === 0 ? { status: 503 } : { status: 200 }))
  const { tracker, http } = trackerWith(collector.url, {
    persist: false,
    batchSize: 1,
    retry: { baseDelay: 300, maxDelay: 600 },
  })
  tracker.track('Clicked Buy')
  // the 503 is answered and the backoff (150–300 ms) set
  expect(await until(() => http.inspect().retry !== undefined)).toBe(true)
  clock.jump(-HOUR)
  await until(() => collector.accepted().length === 1, 2000)
  expect({ requests: collector.requests.length, delivered: tracker.stats().delivered }).toEqual({
    requests: 2,
    delivered: 1,
  })
})

it('after the clock goes back an hour, a failed event is still persisted within seconds', async () => {
  const clock = shiftableClock()
  const collector = await collectorWith(() => ({ status: 503 }))
  const storage = new MapStorage()
  const { tracker } = trackerWith(collector.url, {
    persist: storage,
    tabId: 'tab',
    batchSize: 1,
    retry: { baseDelay: 50, maxDelay: 100, maxAttempts: 1000 },
  })
  tracker.track('First')
  expect(await until(() => persisted(storage, 'trackplan:http:tab').length === 1)).toBe(true)
  clock.jump(-HOUR)
  tracker.track('Second')
  // an event is written once it has waited 2 s unacknowledged, writes a second apart
  await sleep(3500)
  expect(persisted(storage, 'trackplan:http:tab').map((e) => e.event)).toEqual(['First', 'Second'])
}, 10_000)
