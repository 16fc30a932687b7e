import { utf8Bytes } from '../../core/utf8'
import type { TrackedEvent } from '../../core/types'
import type { Item, Store } from './store'
import { earliestTimer } from './timer'

/**
 * Events handed to the sink are taken in together this long after the first of them: made
 * JSON, queued, written to storage and offered to the sender in one task, not in every click's.
 * At 200 events/s that work cost the page ~3× more per event spread over each 10 ms tick
 * (measured in Chromium: code and data cold again each tick) than done once a tick of 100 ms.
 */
export const PERSIST_AFTER_MS = 100
/**
 * Storage writes are this far apart at least, whatever the rate: each write (and each removal
 * once acknowledged) costs the page ~0.2–0.5 ms in Chromium whatever its size, so at 200
 * events/s writing every 100 ms cost ~50 µs per event, every second ~10. What waits for its
 * write is lost only if the tab crashes while visible: a page being hidden, left or closed
 * writes at once.
 */
export const PERSIST_GAP_MS = 1000

const NON_ASCII = /[^\x00-\x7f]/

/** An event as the queue keeps it: its JSON and UTF-8 size worked out once (ASCII, the common case, is a byte a character). */
export const toItem = (event: TrackedEvent): Item => {
  const json = JSON.stringify(event)
  return { event, json, size: NON_ASCII.test(json) ? utf8Bytes(json) : json.length }
}

/** httpSink's queue: every unacknowledged event in order, what is in a request or beaconed, kept in step with the store. */
export interface Queue {
  readonly items: readonly Item[]
  /** Not yet acknowledged, nor beaconed by this page. */
  unsent(): number
  /** Waiting: neither in a request nor beaconed. */
  ready(): number
  /** Not yet written to storage. */
  unpersisted(): number
  /** Takes one event in: queued within PERSIST_AFTER_MS, or at once by any read of the queue. Returns how many wait to be taken in. */
  take(event: TrackedEvent): number
  /** Adds events (persisted within PERSIST_AFTER_MS, writes PERSIST_GAP_MS apart); past `maxQueueSize` the oldest not in a request go to `overflow`. */
  add(items: Item[]): void
  /** The oldest `count` waiting. */
  oldest(count: number): Item[]
  /** Marks items in a request, or back from one. */
  sending(items: readonly Item[], on: boolean): void
  /** Marks items sent by beacon: not re-sent by this page, kept for the next load. */
  beaconed(items: readonly Item[]): void
  /** Acknowledged or given up: out of the queue and out of storage. */
  forget(items: readonly Item[]): void
  /** Writes what is not yet persisted, now. */
  persist(): void
  /** Dead tabs' queues taken over (those already here skipped); how many were added. */
  adopt(): number
  /** Everything gone, storage included (consent denied). */
  clear(): void
  /** The timer stopped; what is not yet persisted written now. */
  stop(): void
}

/** `taken`: the queue's tick ran (events were taken in, by it or by a read since): the sender may have a batch to start or a timer to set. */
export function createQueue(store: Store, maxQueueSize: number, overflow: (items: Item[]) => void, taken: () => void): Queue {
  let items: Item[] = []
  let fresh: Item[] = []
  /** Events handed over and not yet taken in. */
  let inbox: TrackedEvent[] = []
  let beaconed = 0
  let inFlight = 0
  let lastWrite = -Infinity
  const timer = earliestTimer(() => tick())
  /** Milliseconds until the next write may go (PERSIST_GAP_MS after the last). */
  const untilWrite = (): number => lastWrite + PERSIST_GAP_MS - Date.now()
  const tick = (): void => {
    takeIn()
    if (fresh.length > 0 && store.active) {
      const wait = untilWrite()
      if (wait > 0) timer.in(wait)
      else {
        queue.persist()
        // the write the intake just asked for is done
        timer.stop()
      }
    }
    // even when a read took the inbox in first (inspect(), a devtools panel polling it): that read started nothing
    taken()
  }
  const takeIn = (): void => {
    if (inbox.length === 0) return
    const events = inbox
    inbox = []
    queue.add(events.map(toItem))
  }

  const queue: Queue = {
    get items() {
      takeIn()
      return items
    },
    unsent: () => (takeIn(), items.length - beaconed),
    ready: () => (takeIn(), items.length - beaconed - inFlight),
    unpersisted: () => (takeIn(), fresh.length),
    take(event) {
      if (inbox.push(event) === 1) timer.in(PERSIST_AFTER_MS)
      return inbox.length
    },
    add(added) {
      if (fresh.length === 0 && store.active) timer.in(Math.max(PERSIST_AFTER_MS, untilWrite()))
      for (const item of added) {
        items.push(item)
        fresh.push(item)
      }
      if (items.length > maxQueueSize) {
        const oldest = items.filter((i) => !i.sending).slice(0, items.length - maxQueueSize)
        queue.forget(oldest)
        overflow(oldest)
      }
    },
    oldest(count) {
      takeIn()
      const waiting: Item[] = []
      for (let i = 0; i < items.length && waiting.length < count; i++) if (!items[i]!.sending && !items[i]!.beaconed) waiting.push(items[i]!)
      return waiting
    },
    sending(batch, on) {
      for (const item of batch) {
        if (!!item.sending === on) continue
        item.sending = on
        inFlight += on ? 1 : -1
      }
    },
    beaconed(batch) {
      for (const item of batch) item.beaconed = true
      beaconed += batch.length
    },
    forget(gone) {
      const set = new Set(gone)
      items = items.filter((i) => !set.has(i))
      if (fresh.length > 0) fresh = fresh.filter((i) => !set.has(i))
      for (const item of gone) if (item.beaconed) beaconed--
      store.remove(gone)
    },
    persist() {
      takeIn()
      if (fresh.length === 0) return
      const burst = fresh
      fresh = []
      lastWrite = Date.now()
      store.append(burst)
    },
    adopt() {
      takeIn()
      const known = new Set(items.map((i) => i.event.messageId))
      const adopted = store.adopt().filter((event) => !known.has(event.messageId))
      if (adopted.length > 0) queue.add(adopted.map(toItem))
      return adopted.length
    },
    clear() {
      // a request in flight for them ends without counting them back
      for (const item of items) item.sending = false
      items = []
      fresh = []
      inbox = []
      beaconed = 0
      inFlight = 0
      store.clear()
    },
    stop() {
      timer.stop()
      if (store.active) queue.persist()
    },
  }
  return queue
}
