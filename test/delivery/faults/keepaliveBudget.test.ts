// HUNT-12: as the page hides, "what waits leaves in fetch requests with keepalive — which the
// browser lets outlive the page, 64 KB in flight at most" (docs/delivery.md; sender.ts:
// "64 KiB in flight at most"). leave() cuts what waits into 63 KiB chunks and sends them ALL at
// once, and each event tracked while hidden sends one more: far more than 64 KiB in flight.
// Chromium rejects a keepalive fetch past its 64 KiB in-flight budget (TypeError), so those
// requests fail: counted as failed attempts (backoff, and toward maxAttempts) instead of being
// left for the next load.
import { expect, it } from 'vitest'
import { collectorWith, MapStorage, sleep, trackerWith } from './support'

it('keepalive requests in flight as the page hides stay within 64 KiB', async () => {
  const collector = await collectorWith(() => ({ status: 200, delayMs: 300 }))
  let inFlight = 0
  let most = 0
  const keepaliveFetch: typeof fetch = async (input, init) => {
    const bytes = init?.keepalive ? new TextEncoder().encode(String(init.body)).length : 0
    inFlight += bytes
    most = Math.max(most, inFlight)
    try {
      return await fetch(input, init)
    } finally {
      inFlight -= bytes
    }
  }
  const { tracker } = trackerWith(collector.url, {
    persist: new MapStorage(),
    tabId: 'tab',
    fetch: keepaliveFetch,
    batchSize: 1000,
    flushInterval: 60_000,
  })
  // 200 events of about 1 KB wait for their batch
  for (let i = 0; i < 200; i++) tracker.track('Row Viewed', { i, text: 'x'.repeat(900) })
  await sleep(20)
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
  await sleep(50)
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
  expect(most).toBeLessThanOrEqual(64 * 1024)
})
