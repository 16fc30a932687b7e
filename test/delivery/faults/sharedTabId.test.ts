// HUNT-6: `tabId` is documented as "The page's id": an app that passes its page id to its two
// httpSinks (two endpoints, one page) gets two sinks writing the same keys — the record
// `trackplan:http:<page>` and segments `:0`, `:1`… numbered from 0 by each. They overwrite each
// other: after a crash, one endpoint's events are lost and the other's are sent to the wrong
// collector.
import { expect, it } from 'vitest'
import { createTracker, httpSink } from 'trackplan/core'
import { collectorWith, MapStorage, onCleanup, sleep, until } from './support'

it('two sinks given the same page id keep their own queues (no loss, nothing sent to the other endpoint)', async () => {
  let down = true
  const analytics = await collectorWith(() => (down ? { status: 503 } : { status: 200 }))
  const warehouse = await collectorWith(() => (down ? { status: 503 } : { status: 200 }))
  const storage = new MapStorage()
  const sinksFor = (tabId: string) =>
    [
      { url: analytics.url, name: 'analytics' },
      { url: warehouse.url, name: 'warehouse' },
    ].map((o) => {
      const sink = httpSink({
        ...o,
        tabId,
        persist: storage,
        worker: false,
        fetch: (input, init) => fetch(input, init),
        batchSize: 1,
        flushInterval: 10,
        orphanAfter: 300,
        retry: { baseDelay: 20, maxDelay: 40, maxAttempts: 1000 },
      })
      onCleanup(() => sink.stop())
      return sink
    })

  // the first load: both collectors down; three events each, persisted by both sinks
  const first = sinksFor('page-1')
  // one tracker per endpoint (e.g. product analytics and a data warehouse), different events
  const product = createTracker({ storage: 'memory', onError: () => {}, sinks: [first[0]!] })
  const billing = createTracker({ storage: 'memory', onError: () => {}, sinks: [first[1]!] })
  for (const name of ['A', 'B', 'C']) product.track(name)
  for (const name of ['X', 'Y', 'Z']) billing.track(name)
  await until(() => first.every((s) => s.inspect().persisted === 3))
  // the tab crashes (no pagehide): its timers just stop
  for (const sink of first) sink.stop()

  // the next load, collectors back
  down = false
  const second = sinksFor('page-2')
  const next = [0, 1].map((i) =>
    createTracker({ storage: 'memory', onError: () => {}, sinks: [second[i]!] }),
  )
  await sleep(400) // past orphanAfter: the dead page's queues are adopted
  await Promise.all(next.map((t) => t.flush({ timeout: 2000 })))
  await sleep(200)

  const names = (c: typeof analytics) => [...new Set(c.accepted().map((e) => e.event))].sort()
  expect({ analytics: names(analytics), warehouse: names(warehouse) }).toEqual({
    analytics: ['A', 'B', 'C'],
    warehouse: ['X', 'Y', 'Z'],
  })
})
