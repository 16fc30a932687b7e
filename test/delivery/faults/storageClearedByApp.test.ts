// HUNT-1: the app clears localStorage (a logout's localStorage.clear(), a "reset app data"
// button) while httpSink holds persisted, unacknowledged events. The sink reads its missing
// record as "another tab adopted my queue" and forgets those events: never sent, never counted
// as dropped. docs/delivery.md: "nothing lost silently"; every event is received or counted.
import { expect, it } from 'vitest'
import {
  collectorWith,
  droppedTotal,
  MapStorage,
  persisted,
  sleep,
  trackerWith,
  until,
} from './support'

it('localStorage cleared by the app during an outage: the persisted events are still delivered or counted', async () => {
  let down = true
  const collector = await collectorWith(() => (down ? { status: 503 } : { status: 200 }))
  const storage = new MapStorage()
  const { tracker } = trackerWith(collector.url, {
    persist: storage,
    tabId: 'tab',
    batchSize: 1,
    retry: { baseDelay: 200, maxDelay: 400, maxAttempts: 50 },
  })

  tracker.track('Checkout Started')
  // the first request fails: the event is persisted (a failed request's events are written at once)
  expect(await until(() => persisted(storage, 'trackplan:http:tab').length === 1)).toBe(true)

  // the app logs the user out and wipes storage (other code, trackplan's keys included)
  storage.data.clear()

  down = false
  await tracker.flush({ timeout: 3000 })
  await sleep(100)

  const stats = tracker.stats()
  const received = collector.accepted().map((e) => e.event)
  // expected: the event was still in this tab's memory; it is delivered (or at least counted)
  expect({ received, delivered: stats.delivered, dropped: droppedTotal(stats.dropped) }).toEqual({
    received: ['Checkout Started'],
    delivered: 1,
    dropped: 0,
  })
})
