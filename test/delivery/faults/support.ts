// Shared by the fault-hunt repros (test/delivery/faults/): a real collector, a shared Storage, a tracker
// over one httpSink, and stats() against what the collector received.
import { afterEach, vi } from 'vitest'
import { createTracker, httpSink, type HttpSinkOptions, type TrackplanError } from 'trackplan/core'
import { MapStorage, persisted, startCollector, type Answer, type Received } from '../collector'

export { MapStorage, persisted }
export type Collector = Awaited<ReturnType<typeof startCollector>>
const open: Collector[] = []
const cleanups: (() => void)[] = []
export const onCleanup = (fn: () => void): void => void cleanups.push(fn)

afterEach(async () => {
  vi.restoreAllMocks()
  vi.useRealTimers()
  for (const fn of cleanups.splice(0)) {
    try {
      fn()
    } catch {
      // best effort
    }
  }
  await Promise.all(open.splice(0).map((c) => c.close()))
})

export async function collectorWith(
  answer: (req: Received, i: number) => Answer = () => ({ status: 200 }),
) {
  const collector = await startCollector(answer)
  open.push(collector)
  return collector
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function until(check: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (check()) return true
    await sleep(10)
  }
  return check()
}

export function trackerWith(
  url: string,
  sinkOptions: Partial<HttpSinkOptions> = {},
  trackerOptions: Parameters<typeof createTracker>[0] = {},
) {
  const errors: TrackplanError[] = []
  const http = httpSink({
    url,
    worker: false,
    fetch: (input, init) => fetch(input, init),
    retry: { baseDelay: 20, maxDelay: 40 },
    flushInterval: 10,
    ...sinkOptions,
  })
  onCleanup(() => http.stop())
  const tracker = createTracker({
    storage: 'memory',
    onError: (e) => errors.push(e),
    sinks: [http],
    ...trackerOptions,
  })
  return { tracker, http, errors }
}

export const droppedTotal = (dropped: Record<string, number>): number =>
  Object.values(dropped).reduce((sum, n) => sum + n, 0)

/** messageIds the collector acknowledged (2xx), distinct. */
export const acceptedIds = (collector: Collector): Set<string> =>
  new Set(collector.accepted().map((e) => e.messageId))
