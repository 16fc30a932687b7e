import type { Item } from './item'
import type { Store } from './store'
import { earliestTimer } from './timer'

/**
 * An event the collector has not acknowledged this long after it was queued is written to
 * storage; one whose request failed, at the next write. Storage is what survives a crash, but
 * each write and each removal costs the page's main thread whatever its size: with requests at
 * most a second apart and a collector that answers promptly, what is delivered is never written
 * nor removed. A page being hidden, left or closed writes everything unacknowledged at once.
 */
export const WRITE_AFTER_MS = 2000
/**
 * Storage writes are this far apart at least, whatever the rate: an outage under a flood of
 * events writes once a second, not on every intake.
 */
export const PERSIST_GAP_MS = 1000

/** When the queue's items are written to storage: each by its `writeBy`, in queue order. */
export interface WriteBehind {
  /** How many items are not yet written. */
  readonly unwritten: number
  /** Newly queued items, each written by its `writeBy` unless acknowledged first. */
  add(items: readonly Item[]): void
  /** Not in the queue's writes yet, and to be written at the next write (storage was cleared). */
  addSoon(items: readonly Item[]): void
  /** These are written at the next write (a reload's, a dead tab's, a failed request's). */
  writeSoon(items: readonly Item[]): void
  /** The timer goes off within `delay` ms: the queue takes its inbox in, what is due is written. */
  wakeWithin(delay: number): void
  /** Writes everything not yet written, now. */
  writeAll(): void
  /** Acknowledged or dropped: never written. */
  forget(gone: ReadonlySet<Item>): void
  stop(): void
}

/** `beforeWrite`: the queue takes in what waits in its inbox, so that it is written too. */
export function createWriteBehind(store: Store, beforeWrite: () => void): WriteBehind {
  /** Not yet persisted, in queue order. */
  let unwritten: Item[] = []
  let lastWrite = -Infinity
  const timer = earliestTimer({
    fire() {
      beforeWrite()
      if (store.active && Date.now() >= lastWrite + PERSIST_GAP_MS) writeDue(Date.now())
      scheduleFor(unwritten)
    },
  })
  /**
   * Sets the timer for the first of `due`, PERSIST_GAP_MS after the last write at the soonest
   * (an early wake-up looks again).
   */
  const scheduleFor = (due: readonly Item[]): void => {
    if (due.length === 0 || !store.active) return
    let first = Infinity
    for (const item of due) if (item.writeBy! < first) first = item.writeBy!
    timer.schedule(Math.max(first, lastWrite + PERSIST_GAP_MS) - Date.now())
  }
  /** Writes what is due by `now` (everything with `Infinity`), in queue order. */
  const writeDue = (now: number): void => {
    const due = unwritten.filter((item) => item.writeBy! <= now)
    if (due.length === 0) return
    unwritten =
      due.length === unwritten.length ? [] : unwritten.filter((item) => item.writeBy! > now)
    lastWrite = Date.now()
    store.append(due)
  }
  const writeBehind: WriteBehind = {
    get unwritten() {
      return unwritten.length
    },
    add(items) {
      for (const item of items) unwritten.push(item)
    },
    addSoon(items) {
      writeBehind.add(items)
      writeBehind.writeSoon(items)
    },
    writeSoon(items) {
      // those already written (or acknowledged, in a split batch) are not in `unwritten`:
      // nothing is written twice
      for (const item of items) item.writeBy = 0
      scheduleFor(items)
    },
    wakeWithin: (delay) => timer.schedule(delay),
    writeAll: () => writeDue(Infinity),
    forget(gone) {
      if (unwritten.length > 0) unwritten = unwritten.filter((item) => !gone.has(item))
    },
    stop: () => timer.stop(),
  }
  return writeBehind
}
