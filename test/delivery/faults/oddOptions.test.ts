// HUNT-7/8/9: httpSink's numeric options are taken as given (settingsOf fills defaults with
// `??` and validates nothing). A NaN from config (`Number(process.env.X)`, a missing field of a
// remote config) silently breaks delivery instead of being refused or defaulted.
import { expect, it } from 'vitest'
import { collectorWith, droppedTotal, sleep, trackerWith } from './support'

it('HUNT-7: batchSize NaN — events are still sent (or the option is refused)', async () => {
  const collector = await collectorWith()
  const { tracker, errors } = trackerWith(collector.url, { persist: false, batchSize: NaN })
  tracker.track('Clicked Buy')
  await tracker.flush({ timeout: 1000 })
  const stats = tracker.stats()
  // actual: nothing is ever sent (oldestReady(NaN) is empty), flush() only ends at its deadline,
  // nothing reported, nothing dropped
  expect({
    received: collector.accepted().length,
    settled: stats.delivered + droppedTotal(stats.dropped) + errors.length > 0,
  }).toEqual({ received: 1, settled: true })
})

it('HUNT-8: retry.baseDelay NaN — a failing collector is not hammered without backoff', async () => {
  const collector = await collectorWith(() => ({ status: 503 }))
  const { tracker } = trackerWith(collector.url, {
    persist: false,
    retry: { baseDelay: NaN, maxDelay: 60_000, maxAttempts: 1_000_000 },
  })
  tracker.track('Clicked Buy')
  await sleep(2000)
  // with the default base delay (500 ms) about 5 requests go in 2 s (backoff 0.25–0.5, 0.5–1, 1–2 s)
  // actual: hundreds (notBefore becomes NaN; every timer is set for NaN ms, i.e. at once)
  expect(collector.requests.length).toBeLessThan(10)
})

it('HUNT-8b: retry.maxAttempts NaN — a failing batch is eventually given up (counted)', async () => {
  const collector = await collectorWith(() => ({ status: 503 }))
  const { tracker } = trackerWith(collector.url, {
    persist: false,
    retry: { baseDelay: 1, maxDelay: 2, maxAttempts: NaN },
  })
  tracker.track('Clicked Buy')
  await sleep(800)
  const stats = tracker.stats()
  // NaN is not a number of attempts: the default (10) applies
  expect({ requests: collector.requests.length, dropped: stats.dropped.delivery }).toEqual({
    requests: 10,
    dropped: 1,
  })
})
