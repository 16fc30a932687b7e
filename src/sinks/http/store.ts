import type { StorageLike, TrackedEvent } from '../../core/types'

// httpSink's persistent queue, append-only: each burst of events is one new key (a segment),
// removed when every event in it is acknowledged — never the whole queue rewritten per event.
//   <prefix>:<tab>        the tab's record: heartbeat, endpoint and sink, `released` when hidden
//   <prefix>:<tab>:<n>    a segment: a JSON array of events, in order
//   <prefix>:claim:<key>  a claim on a dead tab's queue while it is adopted
// (A record written before this layout carries its events itself; they are read and adopted
// too. Records of 0.1, which named no endpoint, are left alone.)

/** Events per segment: a partly acknowledged segment is rewritten with what is left, so its size bounds that write. */
export const SEGMENT_EVENTS = 50

/** A queued event: its JSON and UTF-8 size worked out once, where it is persisted, and where it is. */
export interface Item {
  event: TrackedEvent
  json: string
  size: number
  segment?: string
  /** Not yet persisted: when it is to be written (ms since the epoch; 0 at the next write). */
  writeBy?: number
  /** In a request now. */
  sending?: boolean
  /** Sent by beacon as the page went away: not re-sent by this page, kept for the next load. */
  beaconed?: boolean
}

interface TabRecord {
  beat: number
  released?: boolean
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
  /** Storage failed (full, refused): the store stops persisting; the caller keeps going in memory. */
  failed(cause: unknown): void
}

/** The persistent queue: what is unacknowledged survives a reload, and a dead tab's queue is adopted by a live one. */
export interface Store {
  readonly active: boolean
  /** This tab's own leftovers, in order. */
  load(): TrackedEvent[]
  /** Persists a burst of newly queued items (one or more new segments). */
  append(items: readonly Item[]): void
  /** Forgets acknowledged or dropped items: emptied segments go, partly emptied ones are rewritten. */
  remove(items: readonly Item[]): void
  /** The heartbeat; `released`: the page is hidden and may never run again, so the next load may take the queue. */
  beat(released: boolean): void
  /** The queues of this endpoint's and sink's dead tabs, taken over (claimed first, so two tabs never both take one). */
  adopt(): TrackedEvent[]
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
function keysOf(s: StorageLike, prefix: string): string[] {
  const keyed = s as StorageWithKeys
  if (typeof keyed.key !== 'function' || typeof keyed.length !== 'number') return []
  const keys: string[] = []
  for (let i = 0; i < keyed.length; i++) {
    const key = keyed.key(i)
    if (key?.startsWith(`${prefix}:`)) keys.push(key)
  }
  return keys
}

/** A tab's events: its record's own (0.1's format) and its segments, oldest first. Removes them. */
function take(
  s: StorageLike,
  prefix: string,
  key: string,
  record: TabRecord | undefined,
): TrackedEvent[] {
  const events = [...(record?.events ?? [])]
  const parts = keysOf(s, prefix)
    .filter((k) => k.startsWith(`${key}:`) && /^\d+$/.test(k.slice(key.length + 1)))
    .sort((a, b) => Number(a.slice(key.length + 1)) - Number(b.slice(key.length + 1)))
  for (const part of parts) {
    const stored = parse<TrackedEvent[]>(s.getItem(part))
    if (Array.isArray(stored)) events.push(...stored)
    s.removeItem(part)
  }
  s.removeItem(key)
  return events
}

/** The queues of dead tabs (same endpoint and sink; heartbeat older than `orphanAfter`, or released), claimed and taken. */
function adoptFrom(
  s: StorageLike,
  { prefix, tabId, url, sink, orphanAfter }: StoreOptions,
): TrackedEvent[] {
  const adopted: TrackedEvent[] = []
  const now = Date.now()
  for (const key of keysOf(s, prefix)) {
    const tab = key.slice(prefix.length + 1)
    if (tab === tabId || tab.includes(':')) continue
    const record = parse<TabRecord>(s.getItem(key))
    if (!record || record.url !== url || record.sink !== sink) continue
    if (!record.released && now - record.beat < orphanAfter) continue
    // claim it, then check the claim held: two tabs adopting at once must not both take it
    const claim = `${prefix}:claim:${key}`
    s.setItem(claim, tabId)
    if (s.getItem(claim) !== tabId) continue
    adopted.push(...take(s, prefix, key, record))
    s.removeItem(claim)
  }
  return adopted
}

type Segments = Map<string, Set<Item>>

/** Takes items out of their segments; returns the segments touched. */
function unsegment(items: readonly Item[], segments: Segments): Set<string> {
  const touched = new Set<string>()
  for (const item of items) {
    if (!item.segment) continue
    segments.get(item.segment)?.delete(item)
    touched.add(item.segment)
    item.segment = undefined
  }
  return touched
}

/** Writes touched segments back: an emptied one is removed, a partly emptied one rewritten with what is left. */
function rewrite(s: StorageLike, segments: Segments, touched: Set<string>): void {
  for (const key of touched) {
    const left = segments.get(key)
    if (left && left.size > 0) s.setItem(key, `[${[...left].map((i) => i.json).join(',')}]`)
    else if (left) {
      segments.delete(key)
      s.removeItem(key)
    }
  }
}

export function createStore(options: StoreOptions): Store {
  let storage = options.storage
  const { prefix, tabId } = options
  const own = `${prefix}:${tabId}`
  const owner = `"url":${JSON.stringify(options.url)},"sink":${JSON.stringify(options.sink)}`
  const segments: Segments = new Map()
  let next = 0
  let recorded = false

  /** Runs a storage step; a failure turns persistence off for good (reported once by the caller). */
  const attempt = (step: (storage: StorageLike) => void): void => {
    if (!storage) return
    try {
      step(storage)
    } catch (cause) {
      storage = undefined
      segments.clear()
      options.failed(cause)
    }
  }

  const record = (s: StorageLike, released: boolean): void =>
    s.setItem(
      own,
      `{"beat":${Date.now()},${released ? '"released":true,' : ''}${owner},"events":[]}`,
    )

  const store: Store = {
    get active() {
      return storage !== undefined
    },

    load() {
      let events: TrackedEvent[] = []
      attempt((s) => (events = take(s, prefix, own, parse<TabRecord>(s.getItem(own)))))
      return events
    },

    append(items) {
      attempt((s) => {
        if (!recorded) {
          record(s, false)
          recorded = true
        }
        for (let from = 0; from < items.length; from += SEGMENT_EVENTS) {
          const part = items.slice(from, from + SEGMENT_EVENTS)
          const key = `${own}:${next++}`
          s.setItem(key, `[${part.map((i) => i.json).join(',')}]`)
          segments.set(key, new Set(part))
          for (const item of part) item.segment = key
        }
      })
    },

    remove(items) {
      const touched = unsegment(items, segments)
      attempt((s) => {
        rewrite(s, segments, touched)
        if (segments.size === 0 && recorded) {
          recorded = false
          s.removeItem(own)
        }
      })
    },

    beat(released) {
      if (recorded) attempt((s) => record(s, released))
    },

    adopt() {
      let adopted: TrackedEvent[] = []
      attempt((s) => (adopted = adoptFrom(s, options)))
      return adopted
    },

    clear() {
      segments.clear()
      recorded = false
      attempt((s) => void take(s, prefix, own, undefined))
    },
  }
  return store
}
