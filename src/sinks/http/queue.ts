import type { TrackedEvent } from '../../core/types'
import { toItem, type Item } from './item'
import type { Store } from './store'
import { createWriteBehind, WRITE_AFTER_MS } from './writeBehind'

/**
 * Events handed to the sink wait in an inbox, made JSON and queued together when something
 * needs them (a request, a write, `inspect()`), in that task, not in every click's: taking
 * events in on a slower tick costs the page less than in each event's task, with code and data
 * cold again each time. Past `maxQueueSize` they are taken in this soon, so that the oldest are
 * dropped (and reported) while the sender is held.
 */
export const INTAKE_AFTER_MS = 100

/**
 * httpSink's queue: every unacknowledged event in order, what is in a request or beaconed, kept
 * in step with the store.
 */
export interface Queue {
  readonly items: readonly Item[]
  /** Not yet acknowledged, nor beaconed by this page. */
  unsent(): number
  /** Waiting: neither in a request nor beaconed. */
  ready(): number
  /** Not yet written to storage. */
  unpersisted(): number
  /**
   * Takes one event in: queued by the next read of the queue, written WRITE_AFTER_MS later
   * unless acknowledged. Returns how many wait to be taken in.
   */
  receive(event: TrackedEvent): number
  /**
   * Adds events from storage (a reload's, a dead tab's): written again at the next write. Past
   * `maxQueueSize` the oldest not in a request go to `overflow`.
   */
  addStored(items: Item[]): void
  /** The oldest `count` waiting. */
  oldestReady(count: number): Item[]
  /** These are in a request now. */
  requestStarted(items: readonly Item[]): void
  /** Their request ended, whatever its answer. */
  requestEnded(items: readonly Item[]): void
  /**
   * Their request failed (it is retried): what of them is not yet persisted is written at the
   * next write.
   */
  requestFailed(items: readonly Item[]): void
  /** Sent by beacon: not re-sent by this page, kept for the next load. */
  markBeaconed(items: readonly Item[]): void
  /** Acknowledged or given up: out of the queue and out of storage. */
  forget(items: readonly Item[]): void
  /** Writes what is not yet persisted, now (the page is hidden or left, the sink closed). */
  persist(): void
  /** Dead tabs' queues taken over (those already here skipped); how many were added. */
  adopt(): number
  /** Everything gone, storage included (consent denied). */
  clear(): void
  /** The timer stopped; what is not yet persisted written now. */
  stop(): void
}

/** Events handed over and not yet taken in: made items together, when the queue is read. */
function createInbox() {
  let events: TrackedEvent[] = []
  /** When the first of them came. */
  let since = 0
  return {
    get length() {
      return events.length
    },
    /** Adds one; returns how many wait. */
    push(event: TrackedEvent): number {
      const waiting = events.push(event)
      if (waiting === 1) since = Date.now()
      return waiting
    },
    /** The events as items, each to be written WRITE_AFTER_MS after the first came; none left. */
    drain(): Item[] {
      if (events.length === 0) return []
      const taken = events
      events = []
      const added = taken.map(toItem)
      for (const item of added) item.writeBy = since + WRITE_AFTER_MS
      return added
    },
    clear(): void {
      events = []
    },
  }
}

/**
 * How many items are in a request and how many went by beacon, counted as they are marked: the
 * sender asks on every event.
 */
function createSendMarks() {
  let inFlight = 0
  let beaconed = 0
  return {
    get inFlight() {
      return inFlight
    },
    get beaconed() {
      return beaconed
    },
    sending(batch: readonly Item[], sending: boolean): void {
      for (const item of batch) {
        if (!!item.sending === sending) continue
        item.sending = sending
        inFlight += sending ? 1 : -1
      }
    },
    markBeaconed(batch: readonly Item[]): void {
      for (const item of batch) item.beaconed = true
      beaconed += batch.length
    },
    forgotten(gone: readonly Item[]): void {
      for (const item of gone) if (item.beaconed) beaconed--
    },
    /** Everything forgotten: a request in flight for them ends without counting them back. */
    clear(items: readonly Item[]): void {
      for (const item of items) item.sending = false
      inFlight = 0
      beaconed = 0
    },
  }
}

/** The oldest `count` items neither in a request nor beaconed. */
function oldestReady(items: readonly Item[], count: number): Item[] {
  const ready: Item[] = []
  for (let i = 0; i < items.length && ready.length < count; i++)
    if (!items[i]!.sending && !items[i]!.beaconed) ready.push(items[i]!)
  return ready
}

/** Takes over what dead tabs left in the store that `queue` does not hold yet; how many. */
function adoptInto(queue: Queue, store: Store): number {
  const known = new Set(queue.items.map((item) => item.event.messageId))
  const adopted = store.adopt().filter((event) => !known.has(event.messageId))
  if (adopted.length > 0) queue.addStored(adopted.map(toItem))
  return adopted.length
}

export function createQueue(
  store: Store,
  maxQueueSize: number,
  overflow: (items: Item[]) => void,
): Queue {
  let items: Item[] = []
  const inbox = createInbox()
  const marks = createSendMarks()
  const writes = createWriteBehind(store, () => drainInbox())
  const drainInbox = (): void => {
    const added = inbox.drain()
    if (added.length > 0) append(added)
  }
  const append = (added: Item[]): void => {
    for (const item of added) items.push(item)
    writes.add(added)
    if (items.length > maxQueueSize) {
      const oldest = items.filter((item) => !item.sending).slice(0, items.length - maxQueueSize)
      queue.forget(oldest)
      overflow(oldest)
    }
  }

  const queue: Queue = {
    get items() {
      drainInbox()
      return items
    },
    // counted without taking the inbox in: the sender asks on every event
    unsent: () => items.length + inbox.length - marks.beaconed,
    ready: () => items.length + inbox.length - marks.beaconed - marks.inFlight,
    unpersisted: () => writes.unwritten + inbox.length,
    receive(event) {
      const waiting = inbox.push(event)
      if (waiting === 1 && store.active) writes.wakeWithin(WRITE_AFTER_MS)
      if (items.length + waiting > maxQueueSize) writes.wakeWithin(INTAKE_AFTER_MS)
      return waiting
    },
    addStored(added) {
      append(added)
      writes.writeSoon(added)
    },
    oldestReady(count) {
      drainInbox()
      return oldestReady(items, count)
    },
    requestStarted: (batch) => marks.sending(batch, true),
    requestEnded: (batch) => marks.sending(batch, false),
    requestFailed: (batch) => writes.writeSoon(batch),
    markBeaconed: (batch) => marks.markBeaconed(batch),
    forget(gone) {
      const goneSet = new Set(gone)
      items = items.filter((item) => !goneSet.has(item))
      writes.forget(goneSet)
      marks.forgotten(gone)
      store.remove(gone)
    },
    persist() {
      drainInbox()
      writes.writeAll()
    },
    adopt: () => adoptInto(queue, store),
    clear() {
      marks.clear(items)
      items = []
      inbox.clear()
      writes.clear()
      store.clear()
    },
    stop() {
      writes.stop()
      if (store.active) queue.persist()
    },
  }
  return queue
}
