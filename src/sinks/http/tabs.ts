import type { StorageLike, TrackedEvent } from '../../core/types'
import type { HttpSinkSettings } from './httpSinkOptions'

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

/**
 * Which queues a tab may adopt: this endpoint's (`url`) and sink's (`name`), under the same
 * `storageKey`, of tabs whose heartbeat is older than `orphanAfter`.
 */
export type OrphanOptions = Pick<
  HttpSinkSettings,
  'storageKey' | 'tabId' | 'url' | 'name' | 'orphanAfter'
>

export const parse = <T>(raw: string | null | undefined): T | undefined => {
  try {
    return raw ? (JSON.parse(raw) as T) : undefined
  } catch {
    return undefined
  }
}

/** The storage's keys under `prefix:` (none where the storage cannot list its keys). */
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
  tabKey: string,
  record: TabRecord | undefined,
): TrackedEvent[] {
  const events = Array.isArray(record?.events) ? [...record.events] : []
  /** What follows `<tab key>:` in a segment's key: its number. */
  const suffix = (segmentKey: string): string => segmentKey.slice(tabKey.length + 1)
  const segmentKeys = keysOf(storage, tabKey)
    .filter((candidate) => /^\d+$/.test(suffix(candidate)))
    .sort((a, b) => Number(suffix(a)) - Number(suffix(b)))
  for (const segmentKey of segmentKeys) {
    const stored = parse<TrackedEvent[]>(storage.getItem(segmentKey))
    if (Array.isArray(stored)) events.push(...stored)
    storage.removeItem(segmentKey)
  }
  storage.removeItem(tabKey)
  // another script's writes under these keys are not events
  return events.filter(
    (event) => typeof event === 'object' && event !== null && typeof event.messageId === 'string',
  )
}

/** Most a stored retry wait is obeyed for: `Retry-After`'s own cap. */
const MAX_STORED_WAIT_MS = 300_000
/**
 * A claim left as the mark that a queue was taken is removed after this long: as long as a
 * browser keeps a page in its back/forward cache. A tab frozen longer, waking to find neither its
 * record nor the mark, takes its queue for cleared and writes it again (sent twice, not lost).
 */
const CLAIM_KEPT_MS = 600_000

/** The claim key on `tabKey`'s queue: kept as the mark that it was taken, with when. */
export const claimKey = (prefix: string, tabKey: string): string => `${prefix}:claim:${tabKey}`

/** A tab that beat `orphanAfter` ago, or claims to beat that far ahead (a clock set back). */
const silent = (record: TabRecord, now: number, orphanAfter: number): boolean =>
  !(Math.abs(now - record.beat) < orphanAfter)

/** A claim mark older than CLAIM_KEPT_MS goes: its tab, if it ever ran again, has long known. */
function removeOldClaim(storage: StorageLike, key: string, now: number): void {
  const at = Number(storage.getItem(key)?.split(' ')[1])
  if (!(now - at < CLAIM_KEPT_MS)) storage.removeItem(key)
}

/**
 * The queues of dead tabs (same endpoint and sink; heartbeat older than `orphanAfter`, or
 * released), claimed and taken.
 */
export function adoptOrphans(
  storage: StorageLike,
  { storageKey: prefix, tabId, url, name: sink, orphanAfter }: OrphanOptions,
): { events: TrackedEvent[]; wait: number } {
  const adopted: TrackedEvent[] = []
  let wait = 0
  const now = Date.now()
  for (const key of keysOf(storage, prefix)) {
    const tab = key.slice(prefix.length + 1)
    if (tab.startsWith('claim:')) removeOldClaim(storage, key, now)
    if (tab === tabId || tab.includes(':')) continue
    const record = parse<TabRecord>(storage.getItem(key))
    if (!record || record.url !== url || record.sink !== sink) continue
    if (!record.released && !silent(record, now, orphanAfter)) continue
    // claim it, then check the claim held: two tabs adopting at once must not both take it; the
    // claim stays, so that the tab, if it ever runs again, knows it was taken (not cleared)
    const claim = claimKey(prefix, key)
    const mine = `${tabId} ${now}`
    storage.setItem(claim, mine)
    if (storage.getItem(claim) !== mine) continue
    adopted.push(...removeTab(storage, key, record))
    if (Number.isFinite(record.wait) && record.wait! > wait)
      wait = Math.min(record.wait!, now + MAX_STORED_WAIT_MS)
  }
  return { events: adopted, wait }
}
