// HUNT-10: after httpSink.stop() (documented for "a page going away") the tracker keeps
// handing it events, and send() returns without a word: each is counted `sent` by the tracker,
// never delivered, never dropped — lost silently. The same for a sink closed on its own
// (sink.close()) while its tracker lives. A page that calls stop() on `pagehide` and is then
// restored from the back/forward cache loses everything it tracks afterwards.
import { expect, it } from 'vitest'
import { collectorWith, droppedTotal, sleep, trackerWith } from './support'

it.each(['stop', 'close'] as const)(
  'after sink.%s(), a tracked event is delivered or counted as dropped',
  async (how) => {
    const collector = await collectorWith()
    const { tracker, http } = trackerWith(collector.url, { persist: false })
    tracker.track('Before')
    await tracker.flush({ timeout: 1000 })
    if (how === 'stop') http.stop()
    else await http.close!()
    tracker.track('After')
    await tracker.flush({ timeout: 500 })
    await sleep(50)
    const stats = tracker.stats()
    expect({
      tracked: stats.tracked,
      accountedFor: stats.delivered + droppedTotal(stats.dropped),
    }).toEqual({ tracked: 2, accountedFor: 2 })
  },
)
