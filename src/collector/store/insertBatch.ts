// A batch in one statement: the whole batch is one jsonb parameter, read as rows by
// jsonb_to_recordset, and each table gets one INSERT … SELECT of all its rows. One
// statement is one transaction: it commits whole or not at all, in one round trip.
import type { InsertResult, StoredEvent } from './Store'
import { dayOf, nextDay } from './schema'
import { storableJson, storableString } from './storableJson'

/**
 * `$1`: the batch (a JSON array of `BatchRow`, one or several callers' batches). Answers the messageIds stored now: `trackplan_message_ids` decides, so two
 * collectors storing one messageId at once store it once (the second waits for the first
 * to commit, then skips it). The keys are taken in messageId order, whatever the batch's:
 * two batches holding the same messageIds in opposite orders would otherwise each wait for
 * the other (a deadlock, answered 503). The other tables take no key another statement can
 * hold: only the events stored now, which no other statement stores, are inserted into them
 * (decision 0186).
 * Violations and outbox rows follow only the events stored now.
 */
export const INSERT_BATCH_SQL = `
WITH input AS (
  SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
    message_id text, received_at timestamptz, type text, event text, "timestamp" timestamptz,
    plan_version text, status text, envelope jsonb, violations jsonb, outbox boolean
  )) WITH ORDINALITY AS batch (
    message_id, received_at, type, event, "timestamp", plan_version, status, envelope,
    violations, outbox, position
  )
), fresh AS (
  INSERT INTO trackplan_message_ids (message_id, received_at)
  SELECT message_id, received_at FROM input
  ORDER BY message_id
  ON CONFLICT (message_id) DO NOTHING
  RETURNING message_id
), stored AS (
  SELECT input.* FROM input JOIN fresh USING (message_id)
), events AS (
  INSERT INTO trackplan_events (message_id, received_at, type, event, "timestamp",
    plan_version, status, violation_count, envelope)
  SELECT message_id, received_at, type, event, "timestamp", plan_version, status,
    jsonb_array_length(violations), envelope
  FROM stored
), violations AS (
  INSERT INTO trackplan_violations (message_id, received_at, kind, path, message)
  SELECT stored.message_id, stored.received_at, violation.kind, violation.path, violation.message
  FROM stored CROSS JOIN LATERAL jsonb_to_recordset(stored.violations)
    AS violation (kind text, path text, message text)
), outbox AS (
  INSERT INTO trackplan_outbox (message_id, envelope)
  SELECT message_id, envelope FROM stored
  WHERE stored.outbox AND stored.status = 'accepted'
  ORDER BY position
)
SELECT message_id FROM fresh`

/** One event as the statement reads it: the columns of `trackplan_events`, by name. */
interface BatchRow {
  message_id: string
  received_at: string
  type: string
  event: string | null
  timestamp: string
  plan_version: string
  status: string
  envelope: StoredEvent['envelope']
  violations: StoredEvent['violations']
  /** Whether its batch asked for an outbox row. */
  outbox: boolean
}

const toRow = (event: StoredEvent, outbox: boolean): BatchRow => ({
  message_id: event.messageId,
  received_at: event.receivedAt,
  type: event.type,
  event: event.event,
  timestamp: event.timestamp,
  plan_version: event.planVersion,
  status: event.status,
  envelope: event.envelope,
  violations: event.violations,
  outbox,
})

/** One caller's batch, as `Store.insertBatch` was given it. */
export interface Batch {
  events: readonly StoredEvent[]
  outbox: boolean
}

/**
 * The days a batch's partitions must cover: each event's, and the next (made ahead of
 * midnight). Throws, naming the event, when a `receivedAt` is no time.
 */
export function partitionDaysOf(events: readonly StoredEvent[]): string[] {
  const days = new Set<string>()
  // a collector's batch has one receivedAt: its day is worked out once, not per event
  const read = new Set<string>()
  for (const event of events) {
    if (read.has(event.receivedAt)) continue
    read.add(event.receivedAt)
    const day = dayOf(event.receivedAt)
    if (day === undefined)
      throw new TypeError(
        `[trackplan] insertBatch: event ${JSON.stringify(event.messageId)} has receivedAt ${JSON.stringify(event.receivedAt)}, not an ISO 8601 time`,
      )
    days.add(day).add(nextDay(day))
  }
  return [...days]
}

export interface PreparedBatches {
  /** The statement's `$1`: the first event of each messageId, as PostgreSQL can store it. */
  json: string
  /** Rows the statement may write: an event, a messageId and an outbox item each, and its violations. */
  rows: number
  /** Each batch's answer, given the messageIds (as stored) the statement stored now. */
  results(storedNow: readonly string[]): InsertResult[]
}

/**
 * Batches stored by one statement, in order: of the events with one messageId (in one
 * batch or in several), the first is stored; the others are its duplicates.
 */
export function prepareBatches(batches: readonly Batch[]): PreparedBatches {
  const firstOfEach = new Map<string, BatchRow>()
  for (const batch of batches)
    for (const event of batch.events) {
      const key = storableString(event.messageId)
      if (!firstOfEach.has(key)) firstOfEach.set(key, toRow(event, batch.outbox))
    }
  const rows = [...firstOfEach.values()]
  return {
    json: storableJson(rows),
    rows: rows.reduce((sum, row) => sum + 3 + row.violations.length, 0),
    results(storedNow) {
      const now = new Set(storedNow)
      const answered = new Set<string>()
      return batches.map((batch) => {
        const result: InsertResult = { inserted: [], duplicates: [] }
        for (const event of batch.events) {
          const key = storableString(event.messageId)
          const isNew = now.has(key) && !answered.has(key)
          ;(isNew ? result.inserted : result.duplicates).push(event.messageId)
          answered.add(key)
        }
        return result
      })
    },
  }
}
