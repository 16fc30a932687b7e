// The report's numbers, per type, event and plan version, over the days asked for
// (partitions of earlier days are never read).
import type { EventStats } from './Store'
import type { SqlQueryable } from './SqlClient'

// One statement, so one snapshot: the violations counted are those of the events counted.
// `$1` is '-infinity' when there is no `since`: a plain `>=`, so PostgreSQL prunes partitions.
const STATS_SQL = `
WITH events AS (
  SELECT type, event, plan_version,
    count(*) AS count,
    count(*) FILTER (WHERE violation_count > 0) AS violating,
    min(received_at) AS first_seen,
    max(received_at) AS last_seen
  FROM trackplan_events
  WHERE received_at >= $1::timestamptz
  GROUP BY type, event, plan_version
), kinds AS (
  SELECT event.type, event.event, event.plan_version, violation.kind, count(*) AS count
  FROM trackplan_violations violation
  JOIN trackplan_events event USING (message_id, received_at)
  WHERE violation.received_at >= $1::timestamptz AND event.received_at >= $1::timestamptz
  GROUP BY event.type, event.event, event.plan_version, violation.kind
), by_kind AS (
  SELECT type, event, plan_version, jsonb_object_agg(kind, count) AS by_kind
  FROM kinds
  GROUP BY type, event, plan_version
)
SELECT events.*, coalesce(by_kind.by_kind, '{}'::jsonb) AS by_kind
FROM events LEFT JOIN by_kind
  ON by_kind.type = events.type
  AND by_kind.event IS NOT DISTINCT FROM events.event
  AND by_kind.plan_version = events.plan_version
ORDER BY events.type, events.event NULLS FIRST, events.plan_version`

interface StatsRow {
  type: string
  event: string | null
  plan_version: string
  // count(*) is a bigint: `pg` reads it as a string, PGlite as a number
  count: string | number
  violating: string | number
  by_kind: Record<string, number>
  first_seen: Date | string
  last_seen: Date | string
}

const iso = (time: Date | string) => new Date(time).toISOString()

/** Per type, event and plan version, the events received since `since` (all without). */
export async function readStats(db: SqlQueryable, since: Date | undefined): Promise<EventStats[]> {
  const { rows } = await db.query<StatsRow>(STATS_SQL, [since ? since.toISOString() : '-infinity'])
  return rows.map((row) => ({
    type: row.type,
    event: row.event,
    planVersion: row.plan_version,
    count: Number(row.count),
    violating: Number(row.violating),
    byKind: row.by_kind,
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
  }))
}
