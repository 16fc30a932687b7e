import type { StorageLike, TrackedEvent } from '../../core/types'

// Tabs' records in httpSink's persistent queue (the layout is in store.ts): reading a tab's
// events and removing them, and adopting the queues of dead tabs.

export interface TabRecord {
  beat: number
  released?: boolean
  /** No request before this (ms since the epoch): the retry wait the tab was under. */
  wait?: number
  url?: string
  sink?: string
  events?: TrackedEvent[]
}

type StorageWithKeys = StorageLike & { readonly length: number; key(index: number): string | null }

/** Which queues a tab may adopt: this endpoint's and sink's, of tabs dead for this long. */
export interface OrphanOptions {
  prefix: string
  tabId: string
  url: string
  sink: string
  /** A tab whose heartbeat is older than this (ms) is gone: its queue may be adopted. */
  orphanAfter: number
}

export const parse = <T>(raw: string | null | undefined): T | undefined => {
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
export function removeTab(
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
export function adoptOrphans(
  storage: StorageLike,
  { prefix, tabId, url, sink, orphanAfter }: OrphanOptions,
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
