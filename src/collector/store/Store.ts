import type { JsonValue } from '../../core/event'

// The contract between the collector's HTTP handler and its database. One implementation
// of it speaks SQL to Postgres; `pgliteStore` (Postgres in WebAssembly, a folder) and
// `postgresStore` (a server, through `pg`) only differ in how they connect.

export type JsonObject = { [key: string]: JsonValue }

/** A plan violation, as stored beside its event (JSON-pointer `path`, e.g. `/properties/plan`). */
export interface StoredViolation {
  kind: string
  path: string
  message: string
}

/** One envelope as the collector keeps it. */
export interface StoredEvent {
  /** Unique per event and stable across retries: the store keeps each once. */
  messageId: string
  /** `track`, `page`, `identify`, `group`, `alias`, `screen`. */
  type: string
  /** A track call's event name; `null` for other calls. */
  event: string | null
  /** The envelope as kept (in `strip` mode, without the unplanned properties). */
  envelope: JsonObject
  /** ISO 8601: when the collector received it. */
  receivedAt: string
  /** ISO 8601: when it happened, corrected by the batch's `sentAt` (Segment's rule). */
  timestamp: string
  /** A hash of the plan it was checked against. */
  planVersion: string
  violations: StoredViolation[]
  /** `blocked`: mode `block` and the event violates the plan; it is kept apart, never forwarded. */
  status: 'accepted' | 'blocked'
}

export interface InsertResult {
  /** The messageIds stored now. */
  inserted: string[]
  /** The messageIds the store already had (a retried batch): nothing stored for them. */
  duplicates: string[]
}

/** An accepted event waiting to be forwarded to the server-side sinks. */
export interface OutboxItem {
  id: number
  messageId: string
  envelope: JsonObject
  attempts: number
}

/** Per call type, event name and plan version: how many, and how many violated (by kind). */
export interface EventStats {
  type: string
  event: string | null
  planVersion: string
  count: number
  violating: number
  /** Violations by kind: an event with two `type` violations counts twice here, once above. */
  byKind: Record<string, number>
  firstSeen: string
  lastSeen: string
}

export interface Store {
  /** Creates or migrates the schema; safe to call on every start, from many collectors at once. */
  open(): Promise<void>
  /**
   * Stores a batch in ONE transaction: each event once per messageId, its violations, and —
   * with `outbox` — an outbox row for each accepted event stored now. Resolves after commit;
   * rejects with nothing stored.
   */
  insertBatch(events: readonly StoredEvent[], options: { outbox: boolean }): Promise<InsertResult>
  /**
   * Up to `limit` outbox items not yet forwarded, oldest first, that no other caller holds and
   * whose wait after a failure (`failOutbox`'s `retryAfterMs`) is over.
   */
  takeOutbox(limit: number): Promise<OutboxItem[]>
  /** Forwarded: removed from the outbox. */
  finishOutbox(ids: readonly number[]): Promise<void>
  /**
   * Not forwarded this time: released, `attempts` + 1, the error kept; not taken again for
   * `retryAfterMs` (default 0: at once), which survives a restart.
   */
  failOutbox(ids: readonly number[], error: string, retryAfterMs?: number): Promise<void>
  /** Counts per type, event and plan version, for events received since `since` (all without). */
  stats(query: { since?: Date }): Promise<EventStats[]>
  /**
   * Gives back what it holds and closes; after `timeout` ms (default 5000) what is still under
   * way is cut off (a server the network lost answers nothing).
   */
  close(options?: { timeout?: number }): Promise<void>
}
