// The outbox: accepted events waiting for the server-side sinks, handed out under a lease.
// `held_until` says when an item may next be taken: a taken item is held until then (its
// lease, `held_by` its holder); a failed one is released, `held_by` cleared, and waits until
// then before its next attempt (its own backoff: one refused event does not hold back the
// others). Finished, an item is deleted. An item whose holder died (a crash, a kill -9)
// comes back when its lease runs out.
import type { OutboxItem } from './Store'
import type { Session } from './connection'
import { storableString } from './storableJson'

// FOR UPDATE SKIP LOCKED: a caller passes over the rows another is taking at this moment,
// and one whose lease was just renewed fails the re-check of the WHERE, so no item goes to
// two callers. The database's clock decides leases: collectors' clocks may disagree.
const TAKE_SQL = `
UPDATE trackplan_outbox item
SET held_until = clock_timestamp() + $2 * interval '1 millisecond', held_by = $3
FROM (
  SELECT id FROM trackplan_outbox
  WHERE held_until IS NULL OR held_until <= clock_timestamp()
  ORDER BY id
  LIMIT $1
  FOR UPDATE SKIP LOCKED
) next
WHERE item.id = next.id
RETURNING item.id, item.message_id, item.envelope, item.attempts`

const FINISH_SQL = 'DELETE FROM trackplan_outbox WHERE id = ANY($1::bigint[])'

// only items this store still holds: one whose lease ran out may be another's by now
const FAIL_SQL = `
UPDATE trackplan_outbox
SET attempts = attempts + 1, last_error = $2, held_by = NULL,
  held_until = CASE WHEN $4::float8 > 0 THEN clock_timestamp() + $4::float8 * interval '1 millisecond' END
WHERE id = ANY($1::bigint[]) AND held_by = $3`

// only what it holds: a failed item's wait outlives the store that set it
const RELEASE_SQL = `
UPDATE trackplan_outbox SET held_until = NULL, held_by = NULL WHERE held_by = $1`

interface OutboxRow {
  // a bigint: `pg` reads it as a string
  id: string | number
  message_id: string
  envelope: OutboxItem['envelope']
  attempts: number
}

/** Up to `limit` items no one holds, oldest first, each now held for `leaseMs`. */
export async function takeOutbox(
  { db, holder }: Session,
  limit: number,
  leaseMs: number,
): Promise<OutboxItem[]> {
  if (!(limit >= 1)) return []
  const { rows } = await db.query<OutboxRow>(TAKE_SQL, [Math.floor(limit), leaseMs, holder])
  return rows
    .map((row) => ({
      id: Number(row.id),
      messageId: row.message_id,
      envelope: row.envelope,
      attempts: row.attempts,
    }))
    .sort((a, b) => a.id - b.id)
}

export async function finishOutbox(db: Session['db'], ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await db.query(FINISH_SQL, [ids])
}

/** Released with `attempts` + 1 and the error, not taken again for `retryAfterMs`. */
export async function failOutbox(
  { db, holder }: Session,
  ids: readonly number[],
  error: string,
  retryAfterMs: number,
): Promise<void> {
  if (ids.length > 0)
    await db.query(FAIL_SQL, [
      ids,
      storableString(error),
      holder,
      Math.max(0, Math.round(retryAfterMs)),
    ])
}

/** Gives back everything this store holds (it is closing): others may take it at once. */
export async function releaseOutbox({ db, holder }: Session): Promise<void> {
  await db.query(RELEASE_SQL, [holder])
}
