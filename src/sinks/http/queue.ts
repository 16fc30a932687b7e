import { utf8Bytes } from '../../core/utf8'
import type { TrackedEvent } from '../../core/types'
import type { Item, Store } from './store'
import { earliestTimer } from './timer'

/**
 * Events handed to the sink wait in an inbox, made JSON and queued together when something
 * needs them (a request, a write, `inspect()`), in that task, not in every click's: at 200
 * events/s, taking them in on a tick of 100 ms cost the page ~3× less than in each 10 ms tick
 * (measured in Chromium: code and data cold again each time), and taking them in only for
 * the request a second cost less again. Past `maxQueueSize` they are taken in this soon, so
 * that the oldest are dropped (and reported) while the sender is held.
 */
export const INTAKE_AFTER_MS = 100
/**
 * An event the collector has not acknowledged this long after it was queued is written to
 * storage; one whose request failed, at the next write. Storage is what survives a crash, and
 * each write and each removal costs the page ~0.2–1 ms in Chromium whatever its size: with
 * requests at most a second apart and a collector answering in well under a second, what
 * is delivered is never written nor removed (measured at 200 events/s: ~45 of ~105 µs per
 * event went to writing every event and removing it once acknowledged). A page being
 * hidden, left or closed writes everything unacknowledged at once.
 */
export const WRITE_AFTER_MS = 2000
/**
 * Storage writes are this far apart at least, whatever the rate (an outage at 2,000 events/s
 * writes once a second, not on every intake).
 */
export const PERSIST_GAP_MS = 1000

const NON_ASCII = /[^\x00-\x7f]/

/** The last shared context seen, and its JSON: events of one page share one frozen context object. */
let lastContext: object | undefined
let lastContextJson = ''

/** An event's JSON, its context made JSON once per context object (most of an event's bytes: user agent, page, screen). */
const eventJson = (event: TrackedEvent): string => {
  const { context } = event
  if (!context || !Object.isFrozen(context)) return JSON.stringify(event)
  if (context !== lastContext) {
    lastContextJson = JSON.stringify(context)
    lastContext = context
  }
  const rest = JSON.stringify({ ...event, context: undefined })
  return `${rest.slice(0, -1)},"context":${lastContextJson}}`
}

/** An event as the queue keeps it: its JSON and UTF-8 size worked out once (ASCII, the common case, is a byte a character). */
export const toItem = (event: TrackedEvent): Item => {
  const json = eventJson(event)
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
  /** Takes one event in: queued by the next read of the queue, written WRITE_AFTER_MS later unless acknowledged. Returns how many wait to be taken in. */
  take(event: TrackedEvent): number
  /** Adds events from storage (a reload's, a dead tab's): written again at the next write. Past `maxQueueSize` the oldest not in a request go to `overflow`. */
  add(items: Item[]): void
  /** The oldest `count` waiting. */
  oldest(count: number): Item[]
  /** Marks items in a request, or back from one. */
  sending(items: readonly Item[], on: boolean): void
  /** Their request failed (it is retried): what of them is not yet persisted is written at the next write. */
  failed(items: readonly Item[]): void
  /** Marks items sent by beacon: not re-sent by this page, kept for the next load. */
  beaconed(items: readonly Item[]): void
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

export function createQueue(
  store: Store,
  maxQueueSize: number,
  overflow: (items: Item[]) => void,
): Queue {
  let items: Item[] = []
  /** Not yet persisted, each with the time it is to be written by (`writeBy`). */
  let fresh: Item[] = []
  /** Events handed over and not yet taken in, and when the first of them came. */
  let inbox: TrackedEvent[] = []
  let inboxSince = 0
  let beaconed = 0
  let inFlight = 0
  let lastWrite = -Infinity
  /** Takes the inbox in and writes what is due: set for the next write, or sooner past `maxQueueSize`. */
  const timer = earliestTimer(() => {
    takeIn()
    if (store.active && Date.now() >= lastWrite + PERSIST_GAP_MS) write(Date.now())
    writeFor(fresh)
  })
  /** Sets the timer for the first of `due`, PERSIST_GAP_MS after the last write at the soonest (an early wake-up looks again). */
  const writeFor = (due: readonly Item[]): void => {
    if (due.length === 0 || !store.active) return
    let first = Infinity
    for (const item of due) if (item.writeBy! < first) first = item.writeBy!
    timer.in(Math.max(first, lastWrite + PERSIST_GAP_MS) - Date.now())
  }
  const takeIn = (): void => {
    if (inbox.length === 0) return
    const events = inbox
    inbox = []
    const writeBy = inboxSince + WRITE_AFTER_MS
    const added = events.map(toItem)
    for (const item of added) item.writeBy = writeBy
    append(added)
  }
  const append = (added: Item[]): void => {
    for (const item of added) {
      items.push(item)
      fresh.push(item)
    }
    if (items.length > maxQueueSize) {
      const oldest = items.filter((i) => !i.sending).slice(0, items.length - maxQueueSize)
      queue.forget(oldest)
      overflow(oldest)
    }
  }
  /** Writes what is due by `now` (everything with `Infinity`), in queue order. */
  const write = (now: number): void => {
    const due = fresh.filter((i) => i.writeBy! <= now)
    if (due.length === 0) return
    fresh = due.length === fresh.length ? [] : fresh.filter((i) => i.writeBy! > now)
    lastWrite = Date.now()
    store.append(due)
  }

  const queue: Queue = {
    get items() {
      takeIn()
      return items
    },
    // counted without taking the inbox in: the sender asks on every event
    unsent: () => items.length + inbox.length - beaconed,
    ready: () => items.length + inbox.length - beaconed - inFlight,
    unpersisted: () => fresh.length + inbox.length,
    take(event) {
      const waiting = inbox.push(event)
      if (waiting === 1) {
        inboxSince = Date.now()
        if (store.active) timer.in(WRITE_AFTER_MS)
      }
      if (items.length + waiting > maxQueueSize) timer.in(INTAKE_AFTER_MS)
      return waiting
    },
    add(added) {
      for (const item of added) item.writeBy = 0
      append(added)
      writeFor(added)
    },
    oldest(count) {
      takeIn()
      const waiting: Item[] = []
      for (let i = 0; i < items.length && waiting.length < count; i++)
        if (!items[i]!.sending && !items[i]!.beaconed) waiting.push(items[i]!)
      return waiting
    },
    sending(batch, on) {
      for (const item of batch) {
        if (!!item.sending === on) continue
        item.sending = on
        inFlight += on ? 1 : -1
      }
    },
    failed(batch) {
      // those already written (or acknowledged, in a split batch) are not in `fresh`: nothing is written twice
      for (const item of batch) item.writeBy = 0
      writeFor(batch)
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
      write(Infinity)
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
