// HUNT-13 (found by the simulation, seed 35813; replayed here against the real collector):
// a batch answered 413 is split; while its first half is on the wire, consent is denied. The
// first half is acknowledged (2xx) — delivered, counted — and then the whole original batch,
// first half included, is dropped as `consent`: the same events are both delivered and
// dropped, and stats() counts them twice (delivered + dropped > sent).
// Same root, seeds 24123 / 32530: the second half of a split goes at once after the first
// half's answer, ignoring a backoff or Retry-After set meanwhile (see the report).
import { expect, it } from 'vitest'
import { collectorWith, droppedTotal, sleep, trackerWith, until } from './support'

it('a split batch whose first half is acknowledged while consent is denied: never both delivered and dropped', async () => {
  const collector = await collectorWith((_, i) =>
    i === 0 ? { status: 413 } : { status: 204, delayMs: 300 },
  )
  const { tracker } = trackerWith(collector.url, { persist: false, batchSize: 5 })
  for (let i = 0; i < 5; i++) tracker.track(`Step ${i}`)
  // the 413 came back; the first half (3 events) is on the wire
  expect(await until(() => collector.requests.length === 2)).toBe(true)
  tracker.setConsent('denied')
  await sleep(600)
  const stats = tracker.stats()
  expect({
    acknowledged: collector.accepted().length,
    sent: stats.sent,
    delivered: stats.delivered,
    dropped: droppedTotal(stats.dropped),
  }).toEqual({ acknowledged: 3, sent: 5, delivered: 3, dropped: 2 })
})
