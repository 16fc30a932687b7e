import { utf8Bytes } from '../../core/utf8'
import type { TrackedEvent } from '../../core/types'
import type { Item, Store } from './store'

/**
 * Newly queued events are written to storage together this long after the first of them (a
 * write costs the page ~0.2 ms whatever its size); a page being hidden or closed writes at once.
 */
export const PERSIST_AFTER_MS = 100

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
  /** Adds events (persisted within PERSIST_AFTER_MS); past `maxQueueSize` the oldest not in a request go to `overflow`. */
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
}

export function createQueue(store: Store, maxQueueSize: number, overflow: (items: Item[]) => void): Queue {
  let items: Item[] = []
  let fresh: Item[] = []
  let beaconed = 0
  let inFlight = 0

  const queue: Queue = {
    get items() {
      return items
    },
    unsent: () => items.length - beaconed,
    ready: () => items.length - beaconed - inFlight,
    unpersisted: () => fresh.length,
    add(added) {
      if (fresh.length === 0 && store.active) {
        const timer = setTimeout(queue.persist, PERSIST_AFTER_MS)
        ;(timer as { unref?: () => void }).unref?.()
      }
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
      if (fresh.length === 0) return
      const burst = fresh
      fresh = []
      store.append(burst)
    },
    adopt() {
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
      beaconed = 0
      inFlight = 0
      store.clear()
    },
  }
  return queue
}
