import type { StorageLike, TrackedEvent } from '../../core/types'
import type { Item } from './item'
import {
  adoptOrphans,
  claimKey,
  parse,
  removeTab,
  type OrphanOptions,
  type TabRecord,
} from './tabs'

// httpSink's persistent queue, append-only: each burst of events is one new key (a segment),
// removed when every event in it is acknowledged — never the whole queue rewritten per event.
//   <prefix>:<tab>        the tab's record: heartbeat, endpoint and sink, `released` once the
//                         page is gone (pagehide, not into the back/forward cache), `wait`
//                         while a retry wait is in force
//   <prefix>:<tab>:<n>    a segment: a JSON array of events, in order
//   <prefix>:claim:<key>  a claim on a dead tab's queue while it is adopted
// (A record written before this layout carries its events itself; they are read and adopted
// too. Records of 0.1, which named no endpoint, are left alone.)

/**
 * Events per segment: a partly acknowledged segment is rewritten with what is left, so its size
 * bounds that write.
 */
export const SEGMENT_EVENTS = 50

export interface StoreOptions extends OrphanOptions {
  storage: StorageLike | undefined
  /**
   * Storage failed (full, refused): the store stops persisting; the caller keeps going in memory.
   */
  failed(cause: unknown): void
}

/**
 * The persistent queue: what is unacknowledged survives a reload, and a dead tab's queue is
 * adopted by a live one.
 */
export interface Store {
  readonly active: boolean
  /** This tab's own leftovers, in order. */
  load(): TrackedEvent[]
  /** Persists a burst of newly queued items (one or more new segments). */
  append(items: readonly Item[]): void
  /**
   * Forgets acknowledged or dropped items: emptied segments go, partly emptied ones are rewritten.
   */
  remove(items: readonly Item[]): void
  /**
   * The heartbeat, with the retry wait in force (ms since the epoch, or 0); `released`: the
   * page is gone for good, so the next load may take the queue at once.
   */
  beat(released: boolean, wait?: number): void
  /**
   * The queues of this endpoint's and sink's dead tabs, taken over (claimed first, so two tabs
   * never both take one), and the latest retry wait they were under.
   */
  adopt(): { events: TrackedEvent[]; wait: number }
  /**
   * Whether this tab's persisted queue is still its own: `'taken'` once another tab adopted it
   * (this one was frozen, or looked dead), `'cleared'` once the app cleared storage; either
   * forgets its segments here.
   */
  ownership(): 'owned' | 'taken' | 'cleared'
  /** Everything of this tab's removed (consent denied, or the queue is empty). */
  clear(): void
}

/** Each segment's storage key, and the items it still holds. */
type Segments = Map<string, Set<Item>>

const segmentJson = (items: Iterable<Item>): string =>
  `[${[...items].map((item) => item.json).join(',')}]`

/**
 * Writes `items` as new segments of at most SEGMENT_EVENTS, under `<tab key>:<n>`; returns the
 * next segment number.
 */
function writeSegments(
  storage: StorageLike,
  items: readonly Item[],
  segments: Segments,
  tabKey: string,
  firstNumber: number,
): number {
  let segmentNumber = firstNumber
  for (let from = 0; from < items.length; from += SEGMENT_EVENTS) {
    const segment = items.slice(from, from + SEGMENT_EVENTS)
    const key = `${tabKey}:${segmentNumber++}`
    storage.setItem(key, segmentJson(segment))
    segments.set(key, new Set(segment))
    for (const item of segment) item.segment = key
  }
  return segmentNumber
}

/** Takes items out of their segments; returns the segments touched. */
function takeOutOfSegments(items: readonly Item[], segments: Segments): Set<string> {
  const touched = new Set<string>()
  for (const item of items) {
    if (!item.segment) continue
    segments.get(item.segment)?.delete(item)
    touched.add(item.segment)
    item.segment = undefined
  }
  return touched
}

/**
 * Writes touched segments back: an emptied one is removed, a partly emptied one rewritten with
 * what is left.
 */
function rewriteSegments(storage: StorageLike, segments: Segments, touched: Set<string>): void {
  for (const key of touched) {
    const left = segments.get(key)
    if (left && left.size > 0) storage.setItem(key, segmentJson(left))
    else if (left) {
      segments.delete(key)
      storage.removeItem(key)
    }
  }
}

/**
 * This tab's record, as far as this tab knows: written or not, and whether another tab took the
 * queue (removed the record) since.
 */
function createOwnRecord(
  ownKey: string,
  { storageKey: prefix, url, name: sink }: OrphanOptions,
  lost: () => void,
) {
  const ownerJson = `"url":${JSON.stringify(url)},"sink":${JSON.stringify(sink)}`
  let written = false
  /**
   * How the record went, not yet told to the queue (`ownership`): another tab took the queue
   * (its claim is the mark), or the app cleared storage (no claim).
   */
  let lostTo: 'taken' | 'cleared' | undefined
  return {
    get written() {
      return written
    },
    write(target: StorageLike, released: boolean, wait = 0): void {
      const releasedJson = released ? '"released":true,' : ''
      const waitJson = wait > Date.now() ? `"wait":${wait},` : ''
      target.setItem(
        ownKey,
        `{"beat":${Date.now()},${releasedJson}${waitJson}${ownerJson},"events":[]}`,
      )
      written = true
    },
    remove(target: StorageLike): void {
      written = false
      target.removeItem(ownKey)
    },
    forget(): void {
      written = false
    },
    /**
     * Whether the record this tab wrote is still there: another tab that adopted the queue
     * removed it (and the segments), and this tab must not write them back.
     */
    owned(target: StorageLike): boolean {
      if (!written || target.getItem(ownKey) !== null) return true
      written = false
      lost()
      // taken by another tab (its claim is the mark), or cleared by the app (then what was
      // persisted is written again)
      const claim = claimKey(prefix, ownKey)
      lostTo = target.getItem(claim) === null ? 'cleared' : 'taken'
      if (lostTo === 'taken') target.removeItem(claim)
      return false
    },
    /** How the queue was lost since last asked, if it was. */
    takeLoss(): 'owned' | 'taken' | 'cleared' {
      const how = lostTo ?? 'owned'
      lostTo = undefined
      return how
    },
  }
}

export function createStore(options: StoreOptions): Store {
  const ownKey = `${options.storageKey}:${options.tabId}`
  const segments: Segments = new Map()
  let nextSegment = 0
  const record = createOwnRecord(ownKey, options, () => segments.clear())
  let storage = options.storage
  /** A write failed: storage is full. */
  let full = false
  /**
   * A storage step, guarded; what it returns, nothing where storage is not used or failed. A
   * write that fails (full) stops writing for good, but what was written is still removed once
   * acknowledged (a full storage removes, and stale segments would be sent again by a later
   * load); any other failure (storage refusing reads and removals too) stops using storage at
   * all. `failed` reports it.
   */
  const withStorage = <T>(step: (storage: StorageLike) => T, writes = false): T | undefined => {
    if (!storage || (writes && full)) return undefined
    try {
      return step(storage)
    } catch (cause) {
      if (writes && !full) full = true
      else {
        storage = undefined
        segments.clear()
      }
      options.failed(cause)
    }
  }

  return {
    get active() {
      return storage !== undefined && !full
    },
    load: () =>
      withStorage((target) =>
        removeTab(target, ownKey, parse<TabRecord>(target.getItem(ownKey))),
      ) ?? [],
    append(items) {
      withStorage((target) => {
        record.owned(target)
        if (!record.written) record.write(target, false)
        nextSegment = writeSegments(target, items, segments, ownKey, nextSegment)
      }, true)
    },
    remove(items) {
      const touched = takeOutOfSegments(items, segments)
      withStorage((target) => {
        if (!record.owned(target)) return
        rewriteSegments(target, segments, touched)
        if (segments.size === 0 && record.written) record.remove(target)
      })
    },
    beat(released, wait) {
      withStorage((target) => {
        if (record.owned(target) && record.written) record.write(target, released, wait)
      }, true)
    },
    // a claim is a write: a full storage adopts nothing (the queues wait for a later load)
    adopt: () =>
      withStorage((target) => adoptOrphans(target, options), true) ?? { events: [], wait: 0 },
    ownership() {
      withStorage((target) => void record.owned(target))
      return record.takeLoss()
    },
    clear() {
      segments.clear()
      record.forget()
      withStorage((target) => void removeTab(target, ownKey, undefined))
    },
  }
}
