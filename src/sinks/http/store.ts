import type { StorageLike, TrackedEvent } from '../../core/types'
import type { Item } from './item'

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

interface TabRecord {
  beat: number
  released?: boolean
  /** No request before this (ms since the epoch): the retry wait the tab was under. */
  wait?: number
  url?: string
  sink?: string
  events?: TrackedEvent[]
}

type StorageWithKeys = StorageLike & { readonly length: number; key(index: number): string | null }

export interface StoreOptions {
  storage: StorageLike | undefined
  prefix: string
  tabId: string
  url: string
  sink: string
  /** A tab whose heartbeat is older than this (ms) is gone: its queue may be adopted. */
  orphanAfter: number
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
   * Whether this tab's persisted queue is still its own: `false` once another tab adopted it
   * (this one was frozen, or looked dead), which forgets its segments here.
   */
  stillOwned(): boolean
  /** Everything of this tab's removed (consent denied, or the queue is empty). */
  clear(): void
}

const parse = <T>(raw: string | null | undefined): T | undefined => {
  try {
    return raw ? (JSON.parse(raw) as T) : undefined
  } catch {
    return undefined
  }
}

/** The storage's keys under `prefix` (none where the storage cannot list its keys). */
function keysOf(storage: StorageLike, prefix: string): string[] {
  const keyed = storage as StorageWithKeys
  if (typeof keyed.key !== 'function' || typeof keyed.length !== 'number') return []
  const keys: string[] = []
  for (let i = 0; i < keyed.length; i++) {
    const key = keyed.key(i)
    if (key?.startsWith(`${prefix}:`)) keys.push(key)
  }
  return keys
}

/** A tab's events: its record's own (0.1's format) and its segments, oldest first. Removes them. */
function removeTab(
  storage: StorageLike,
  prefix: string,
  tabKey: string,
  record: TabRecord | undefined,
): TrackedEvent[] {
  const events = [...(record?.events ?? [])]
  /** What follows `<tab key>:` in a segment's key: its number. */
  const suffix = (segmentKey: string): string => segmentKey.slice(tabKey.length + 1)
  const segmentKeys = keysOf(storage, prefix)
    .filter((candidate) => candidate.startsWith(`${tabKey}:`) && /^\d+$/.test(suffix(candidate)))
    .sort((a, b) => Number(suffix(a)) - Number(suffix(b)))
  for (const segmentKey of segmentKeys) {
    const stored = parse<TrackedEvent[]>(storage.getItem(segmentKey))
    if (Array.isArray(stored)) events.push(...stored)
    storage.removeItem(segmentKey)
  }
  storage.removeItem(tabKey)
  return events
}

/**
 * The queues of dead tabs (same endpoint and sink; heartbeat older than `orphanAfter`, or
 * released), claimed and taken.
 */
function adoptOrphans(
  storage: StorageLike,
  { prefix, tabId, url, sink, orphanAfter }: StoreOptions,
): { events: TrackedEvent[]; wait: number } {
  const adopted: TrackedEvent[] = []
  let wait = 0
  const now = Date.now()
  for (const key of keysOf(storage, prefix)) {
    const tab = key.slice(prefix.length + 1)
    if (tab === tabId || tab.includes(':')) continue
    const record = parse<TabRecord>(storage.getItem(key))
    if (!record || record.url !== url || record.sink !== sink) continue
    if (!record.released && now - record.beat < orphanAfter) continue
    // claim it, then check the claim held: two tabs adopting at once must not both take it
    const claim = `${prefix}:claim:${key}`
    storage.setItem(claim, tabId)
    if (storage.getItem(claim) !== tabId) continue
    adopted.push(...removeTab(storage, prefix, key, record))
    storage.removeItem(claim)
    if (typeof record.wait === 'number' && record.wait > wait) wait = record.wait
  }
  return { events: adopted, wait }
}

/** Each segment's storage key, and the items it still holds. */
type Segments = Map<string, Set<Item>>

const segmentJson = (items: Iterable<Item>): string =>
  `[${[...items].map((item) => item.json).join(',')}]`

/** Writes `items` as new segments of at most SEGMENT_EVENTS; returns the next segment number. */
function writeSegments(
  storage: StorageLike,
  items: readonly Item[],
  segments: Segments,
  keyOf: (segmentNumber: number) => string,
  firstNumber: number,
): number {
  let segmentNumber = firstNumber
  for (let from = 0; from < items.length; from += SEGMENT_EVENTS) {
    const segment = items.slice(from, from + SEGMENT_EVENTS)
    const key = keyOf(segmentNumber++)
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

export function createStore(options: StoreOptions): Store {
  let storage = options.storage
  const { prefix, tabId } = options
  const ownKey = `${prefix}:${tabId}`
  const ownerJson = `"url":${JSON.stringify(options.url)},"sink":${JSON.stringify(options.sink)}`
  const segments: Segments = new Map()
  let nextSegment = 0
  let hasRecord = false
  /** Another tab took this one's persisted queue; not yet told to the queue (`stillOwned`). */
  let adoptedByOther = false

  /**
   * Storage full: nothing more is written, but what was written is still removed once
   * acknowledged (a full storage removes, and stale segments would be sent again by a later load).
   */
  let full = false

  /**
   * Runs a storage step. A write that fails (full) stops writing for good; any other failure
   * (storage refusing reads and removals too) stops using storage at all. The caller reports it.
   */
  const withStorage = (step: (storage: StorageLike) => void, writes = false): void => {
    if (!storage || (writes && full)) return
    try {
      step(storage)
    } catch (cause) {
      if (writes && !full) full = true
      else {
        storage = undefined
        segments.clear()
      }
      options.failed(cause)
    }
  }

  const writeRecord = (target: StorageLike, released: boolean, wait = 0): void => {
    const releasedJson = released ? '"released":true,' : ''
    const waitJson = wait > Date.now() ? `"wait":${wait},` : ''
    target.setItem(
      ownKey,
      `{"beat":${Date.now()},${releasedJson}${waitJson}${ownerJson},"events":[]}`,
    )
  }
  /**
   * Whether the record this tab wrote is still there: another tab that adopted the queue
   * removed it (and the segments), and this tab must not write them back.
   */
  const owned = (target: StorageLike): boolean => {
    if (!hasRecord || target.getItem(ownKey) !== null) return true
    hasRecord = false
    segments.clear()
    adoptedByOther = true
    return false
  }

  return {
    get active() {
      return storage !== undefined && !full
    },
    load() {
      let events: TrackedEvent[] = []
      withStorage(
        (target) =>
          (events = removeTab(target, prefix, ownKey, parse<TabRecord>(target.getItem(ownKey)))),
      )
      return events
    },
    append(items) {
      withStorage((target) => {
        owned(target)
        if (!hasRecord) {
          writeRecord(target, false)
          hasRecord = true
        }
        const keyOf = (segmentNumber: number): string => `${ownKey}:${segmentNumber}`
        nextSegment = writeSegments(target, items, segments, keyOf, nextSegment)
      }, true)
    },
    remove(items) {
      const touched = takeOutOfSegments(items, segments)
      withStorage((target) => {
        if (!owned(target)) return
        rewriteSegments(target, segments, touched)
        if (segments.size === 0 && hasRecord) {
          hasRecord = false
          target.removeItem(ownKey)
        }
      })
    },
    beat(released, wait) {
      withStorage((target) => {
        if (owned(target) && hasRecord) writeRecord(target, released, wait)
      }, true)
    },
    adopt() {
      let adopted: { events: TrackedEvent[]; wait: number } = { events: [], wait: 0 }
      // a claim is a write: a full storage adopts nothing (the queues wait for a later load)
      withStorage((target) => (adopted = adoptOrphans(target, options)), true)
      return adopted
    },
    stillOwned() {
      withStorage((target) => void owned(target))
      const still = !adoptedByOther
      adoptedByOther = false
      return still
    },
    clear() {
      segments.clear()
      hasRecord = false
      withStorage((target) => void removeTab(target, prefix, ownKey, undefined))
    },
  }
}
