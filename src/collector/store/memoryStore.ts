import type { EventStats, InsertResult, OutboxItem, Store, StoredEvent } from './Store'

/**
 * An outbox row as the memory store keeps it: whether a caller holds it, its last error, and
 * when it may be taken again after failing (epoch milliseconds).
 */
export interface MemoryOutboxRow extends OutboxItem {
  held: boolean
  lastError?: string
  retryAt?: number
}

/** The Store contract in memory, plus what it holds, for tests and demos. */
export interface MemoryStore extends Store {
  /** Every stored event, in the order stored: copies. */
  events(): StoredEvent[]
  /** The outbox, oldest first: copies. */
  outbox(): MemoryOutboxRow[]
}

/** Stats are grouped by call type, event name and plan version. */
const statsKey = (event: StoredEvent): string =>
  JSON.stringify([event.type, event.event, event.planVersion])

function addToStats(stats: Map<string, EventStats>, event: StoredEvent): void {
  const key = statsKey(event)
  let row = stats.get(key)
  if (!row) {
    row = {
      type: event.type,
      event: event.event,
      planVersion: event.planVersion,
      count: 0,
      violating: 0,
      byKind: {},
      firstSeen: event.receivedAt,
      lastSeen: event.receivedAt,
    }
    stats.set(key, row)
  }
  row.count++
  if (event.violations.length > 0) row.violating++
  for (const { kind } of event.violations) row.byKind[kind] = (row.byKind[kind] ?? 0) + 1
  if (event.receivedAt < row.firstSeen) row.firstSeen = event.receivedAt
  if (event.receivedAt > row.lastSeen) row.lastSeen = event.receivedAt
}

/** The outbox: rows by id, oldest first; a taken row is held until finished or failed. */
function createMemoryOutbox() {
  const rows = new Map<number, MemoryOutboxRow>()
  let nextId = 1
  return {
    rows,
    add(event: StoredEvent): void {
      const id = nextId++
      rows.set(id, {
        id,
        messageId: event.messageId,
        envelope: event.envelope,
        attempts: 0,
        held: false,
      })
    },
    take(limit: number): OutboxItem[] {
      const taken: OutboxItem[] = []
      const now = Date.now()
      for (const row of rows.values()) {
        if (taken.length >= limit) break
        if (row.held || (row.retryAt !== undefined && row.retryAt > now)) continue
        row.held = true
        const { id, messageId, envelope, attempts } = row
        taken.push(structuredClone({ id, messageId, envelope, attempts }))
      }
      return taken
    },
    finish(ids: readonly number[]): void {
      for (const id of ids) rows.delete(id)
    },
    fail(ids: readonly number[], error: string, retryAfterMs: number): void {
      for (const id of ids) {
        const row = rows.get(id)
        if (!row) continue
        row.held = false
        row.attempts++
        row.lastError = error
        row.retryAt = retryAfterMs > 0 ? Date.now() + retryAfterMs : undefined
      }
    },
    release(): void {
      for (const row of rows.values()) row.held = false
    },
  }
}

/**
 * The collector's Store contract kept in memory: each event once per messageId, an outbox
 * for forwarding, stats for the report. Nothing survives the process, but it survives
 * `close()` and a later `open()` (as a database outlives the collector), what was held in
 * the outbox then released. For tests, demos and a collector that only reports.
 *
 * @example
 * const store = memoryStore()
 * const collector = createCollector({ plan, store })
 * // … later
 * store.events().length
 */
export function memoryStore(): MemoryStore {
  const events = new Map<string, StoredEvent>()
  const outbox = createMemoryOutbox()
  let open = false

  const opened = (): void => {
    if (!open)
      throw new Error('[trackplan] memoryStore: call open() first (or open it again after close())')
  }

  /** Runs `work` once the store is open; a closed store rejects, as a database would. */
  const whenOpen = <T>(work: () => T): Promise<T> => {
    try {
      opened()
      return Promise.resolve(work())
    } catch (error) {
      return Promise.reject(error)
    }
  }

  const insert = (batch: readonly StoredEvent[], withOutbox: boolean): InsertResult => {
    const result: InsertResult = { inserted: [], duplicates: [] }
    // copied first: a batch that cannot be copied stores nothing
    const copies = structuredClone(batch) as StoredEvent[]
    for (const event of copies) {
      if (events.has(event.messageId)) {
        result.duplicates.push(event.messageId)
        continue
      }
      events.set(event.messageId, event)
      result.inserted.push(event.messageId)
      if (withOutbox && event.status === 'accepted') outbox.add(event)
    }
    return result
  }

  return {
    open() {
      open = true
      outbox.release()
      return Promise.resolve()
    },
    insertBatch: (batch, { outbox: withOutbox }) => whenOpen(() => insert(batch, withOutbox)),
    takeOutbox: (limit) => whenOpen(() => outbox.take(limit)),
    finishOutbox: (ids) => whenOpen(() => outbox.finish(ids)),
    failOutbox: (ids, error, retryAfterMs = 0) =>
      whenOpen(() => outbox.fail(ids, error, retryAfterMs)),
    stats: ({ since }) =>
      whenOpen(() => {
        const from = since?.toISOString()
        const stats = new Map<string, EventStats>()
        for (const event of events.values())
          if (from === undefined || event.receivedAt >= from) addToStats(stats, event)
        return structuredClone([...stats.values()])
      }),
    close() {
      open = false
      // what a closed collector held is released, as a database's transaction ends
      outbox.release()
      return Promise.resolve()
    },
    events: () => structuredClone([...events.values()]),
    outbox: () => structuredClone([...outbox.rows.values()]),
  }
}
