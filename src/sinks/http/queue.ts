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
 * httpSink's queue: every unacknowledged event in order, what is in a request, kept in step with
 * the store.
 */
export interface Queue {
  readonly items: readonly Item[]
  /** Not yet acknowledged. */
  unsent(): number
  /** Waiting: not in a request. */
  ready(): number
  /** Not yet written to storage. */
  unpersisted(): number
  /**
   * Takes one event in: queued by the next read of the queue, written WRITE_AFTER_MS later
   * unless acknowledged. Returns how many wait to be taken in.
   */
  receive(event: TrackedEvent): number
  /**
   * Adds events from storage (a reload's, a dead tab's): written again at once. Past
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
  /** Acknowledged or given up: out of the queue and out of storage. */
  forget(items: readonly Item[]): void
  /** Writes what is not yet persisted, now (the page is hidden or left, the sink closed). */
  persist(): void
  /**
   * Dead tabs' queues taken over (those already here skipped); how many were added, and the
   * retry wait they came with.
   */
  adopt(): { added: number; wait: number }
  /**
   * Another tab adopted this one's persisted queue (it was frozen, or looked dead): what was
   * persisted is that tab's now and leaves this queue, neither sent nor counted here.
   */
  handOver(): void
  /**
   * Consent denied: everything gone, storage included. What is in a request now is marked
   * `discarded`: its answer still counts, a failure drops it. Returns what was waiting.
   */
  discard(): Item[]
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
    /**
     * The events as items, each to be written WRITE_AFTER_MS after the first came; none left.
     * Asked only when some wait.
     */
    drain(): Item[] {
      const taken = events
      events = []
      const added = taken.map(toItem)
      for (const item of added) item.writeBy = since + WRITE_AFTER_MS
      return added
    },
  }
}

/** How many items are in a request, counted as they are marked: the sender asks on every event. */
function createSendMarks() {
  let inFlight = 0
  return {
    get inFlight() {
      return inFlight
    },
    /** `false` also for items leaving the queue: a request in flight for them ends without them. */
    sending(batch: readonly Item[], sending: boolean): void {
      for (const item of batch) {
        if (!!item.sending === sending) continue
        item.sending = sending
        inFlight += sending ? 1 : -1
      }
    },
  }
}

/** The oldest `count` items not in a request. */
function oldestReady(items: readonly Item[], count: number): Item[] {
  const ready: Item[] = []
  for (let i = 0; i < items.length && ready.length < count; i++)
    if (!items[i]!.sending) ready.push(items[i]!)
  return ready
}

/** Takes over what dead tabs left in the store that `queue` does not hold yet. */
function adoptInto(queue: Queue, store: Store): { added: number; wait: number } {
  const known = new Set(queue.items.map((item) => item.event.messageId))
  const { events, wait } = store.adopt()
  const adopted = events.filter((event) => !known.has(event.messageId))
  if (adopted.length > 0) queue.addStored(adopted.map(toItem))
  return { added: adopted.length, wait }
}

/**
 * What this tab had persisted, no longer in storage: another tab took it (those items are its
 * now), or the app cleared storage (they are to be written again, soon).
 */
function unsegmented(items: readonly Item[], lostTo: 'taken' | 'cleared'): Item[] {
  const lost = items.filter((item) => item.segment !== undefined)
  for (const item of lost) {
    item.segment = undefined
    if (lostTo === 'taken') item.elsewhere = true
    else item.writeBy = 0
  }
  return lost
}

/**
 * A failed request's events: those to retry (written at the next write), and those consent
 * denied meanwhile (dropped). What another tab adopted meanwhile is neither: it is that tab's.
 */
function afterFailure(batch: readonly Item[]): { retried: Item[]; gone: Item[] } {
  const mine = batch.filter((item) => !item.elsewhere)
  return {
    retried: mine.filter((item) => !item.discarded),
    gone: mine.filter((item) => item.discarded),
  }
}

/**
 * Past `maxQueueSize`: the oldest not in a request, to drop. Asked after `handOver()`: what
 * another tab adopted meanwhile is that tab's, never this one's overflow.
 */
const overflowing = (items: readonly Item[], maxQueueSize: number): Item[] =>
  items.length > maxQueueSize
    ? items.filter((item) => !item.sending).slice(0, items.length - maxQueueSize)
    : []

/** Consent denied: what is in a request is marked (its answer still counts); what waits, returned. */
function markDiscarded(items: readonly Item[]): Item[] {
  for (const item of items) if (item.sending) item.discarded = true
  return items.filter((item) => !item.sending)
}

export interface QueueOptions {
  store: Store
  maxQueueSize: number
  /** The oldest events dropped past `maxQueueSize`. */
  overflow(items: Item[]): void
  /** Events whose request failed after consent was denied: never sent again. */
  discarded(items: Item[]): void
}

export function createQueue({ store, maxQueueSize, overflow, discarded }: QueueOptions): Queue {
  let items: Item[] = []
  const inbox = createInbox()
  const marks = createSendMarks()
  const writes = createWriteBehind(store, () => drainInbox())
  const drainInbox = (): void => {
    if (inbox.length > 0) append(inbox.drain())
  }
  const append = (added: Item[]): void => {
    for (const item of added) items.push(item)
    writes.add(added)
    if (items.length > maxQueueSize) queue.handOver()
    const oldest = overflowing(items, maxQueueSize)
    if (oldest.length > 0) queue.forget(oldest)
    if (oldest.length > 0) overflow(oldest)
  }
  const queue: Queue = {
    get items() {
      drainInbox()
      return items
    },
    // counted without taking the inbox in: the sender asks on every event
    unsent: () => items.length + inbox.length,
    ready: () => items.length + inbox.length - marks.inFlight,
    unpersisted: () => writes.unwritten + inbox.length,
    receive(event) {
      const waiting = inbox.push(event)
      if (waiting === 1 && store.active) writes.wakeWithin(WRITE_AFTER_MS)
      if (items.length + waiting > maxQueueSize) writes.wakeWithin(INTAKE_AFTER_MS)
      return waiting
    },
    // written back under this tab's key in the task that took them from storage: a page that
    // dies a moment after adopting a queue must not take it with it
    addStored(added) {
      append(added)
      writes.writeSoon(added)
      writes.writeAll()
    },
    oldestReady(count) {
      drainInbox()
      return oldestReady(items, count)
    },
    requestStarted: (batch) => marks.sending(batch, true),
    requestEnded: (batch) => marks.sending(batch, false),
    requestFailed(batch) {
      const { retried, gone } = afterFailure(batch)
      if (gone.length > 0) discarded(gone)
      writes.writeSoon(retried)
    },
    forget(gone) {
      const goneSet = new Set(gone)
      items = items.filter((item) => !goneSet.has(item))
      writes.forget(goneSet)
      marks.sending(gone, false)
      store.remove(gone)
    },
    persist() {
      drainInbox()
      writes.writeAll()
    },
    adopt: () => adoptInto(queue, store),
    handOver() {
      const ownership = store.ownership()
      if (ownership === 'taken') queue.forget(unsegmented(items, ownership))
      else if (ownership === 'cleared') writes.addSoon(unsegmented(items, ownership))
    },
    discard() {
      drainInbox()
      const waiting = markDiscarded(items)
      queue.forget(items)
      store.clear()
      return waiting
    },
    stop() {
      writes.stop()
      if (store.active) queue.persist()
    },
  }
  return queue
}
