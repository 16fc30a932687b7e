// HUNT-11: a dead tab's record whose `beat` is in the future (written while the clock was
// ahead — corrected backwards since — or by other code) is never seen as dead until the clock
// reaches it: `now - beat < orphanAfter` holds for every negative age. The crashed tab's events
// sit in storage, unsent, for as long as the clock was off (here a day).
import { expect, it } from 'vitest'
import { collectorWith, MapStorage, sleep, trackerWith } from './support'

it('a crashed tab whose heartbeat is a day in the future is adopted after orphanAfter anyway', async () => {
  const collector = await collectorWith()
  const storage = new MapStorage()
  storage.setItem(
    'trackplan:http:crashed',
    JSON.stringify({
      beat: Date.now() + 24 * 3600 * 1000,
      url: collector.url,
      sink: 'http',
      events: [],
    }),
  )
  storage.setItem(
    'trackplan:http:crashed:0',
    JSON.stringify([
      {
        type: 'track',
        event: 'Order Completed',
        messageId: 'm1',
        anonymousId: 'a',
        userId: null,
        properties: {},
        timestamp: new Date().toISOString(),
      },
    ]),
  )
  const { tracker } = trackerWith(collector.url, {
    persist: storage,
    tabId: 'tab',
    orphanAfter: 300,
  })
  tracker.track('Viewed Page')
  // several heartbeats (every 100 ms) past orphanAfter
  await sleep(1000)
  await tracker.flush({ timeout: 1000 })
  expect(collector.accepted().map((e) => e.messageId)).toContain('m1')
})
