// A batch in one statement: the whole batch is one jsonb parameter, read as rows by
// jsonb_to_recordset, and each table gets one INSERT … SELECT of all its rows. One
// statement is one transaction: it commits whole or not at all, in one round trip.
import type { InsertResult, StoredEvent } from './Store'
import { dayOf, nextDay } from './schema'
import { storableJson, storableString } from './storableJson'

/**
 * `$1`: the batch (a JSON array of `BatchRow`), `$2`: whether accepted events go to the
 * outbox. Answers the messageIds stored now: `trackplan_message_ids` decides, so two
 * collectors storing one messageId at once store it once (the second waits for the first
 * to commit, then skips it). Violations and outbox rows follow only the events stored now.
 */
export const INSERT_BATCH_SQL = `
WITH input AS (
  SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
    message_id text, received_at timestamptz, type text, event text, "timestamp" timestamptz,
    plan_version text, status text, envelope jsonb, violations jsonb
  )) WITH ORDINALITY AS batch (
    message_id, received_at, type, event, "timestamp", plan_version, status, envelope,
    violations, position
  )
), fresh AS (
  INSERT INTO trackplan_message_ids (message_id, received_at)
  SELECT message_id, received_at FROM input
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
  WHERE $2::boolean AND status = 'accepted'
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
}

const toRow = (event: StoredEvent): BatchRow => ({
  message_id: event.messageId,
  received_at: event.receivedAt,
  type: event.type,
  event: event.event,
  timestamp: event.timestamp,
  plan_version: event.planVersion,
  status: event.status,
  envelope: event.envelope,
  violations: event.violations,
})

export interface PreparedBatch {
  /** The statement's `$1`: the first event of each messageId, as PostgreSQL can store it. */
  json: string
  /** The days the batch's partitions cover: each event's, and the next (ahead of midnight). */
  days: string[]
  /** The answer for the caller, given the messageIds (as stored) the statement stored now. */
  result(storedNow: readonly string[]): InsertResult
}

/** Deduplicates a batch by messageId (the first one is kept) and writes it as `$1`. */
export function prepareBatch(events: readonly StoredEvent[]): PreparedBatch {
  const firstOfEach = new Map<string, StoredEvent>()
  const days = new Set<string>()
  for (const event of events) {
    const day = dayOf(event.receivedAt)
    if (day === undefined)
      throw new TypeError(
        `[trackplan] insertBatch: event ${JSON.stringify(event.messageId)} has receivedAt ${JSON.stringify(event.receivedAt)}, not an ISO 8601 time`,
      )
    days.add(day).add(nextDay(day))
    const key = storableString(event.messageId)
    if (!firstOfEach.has(key)) firstOfEach.set(key, event)
  }
  return {
    json: storableJson([...firstOfEach.values()].map(toRow)),
    days: [...days],
    result(storedNow) {
      const now = new Set(storedNow)
      const answered = new Set<string>()
      const result: InsertResult = { inserted: [], duplicates: [] }
      for (const event of events) {
        const key = storableString(event.messageId)
        const isNew = now.has(key) && !answered.has(key)
        ;(isNew ? result.inserted : result.duplicates).push(event.messageId)
        answered.add(key)
      }
      return result
    },
  }
}
