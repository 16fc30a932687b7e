// The store's tables, created and migrated in versions (docs/collector.md, "Schema").
import type { SqlClient } from './SqlClient'

export interface Migration {
  version: number
  name: string
  /** Run in order, in the transaction that records the version. */
  statements: readonly string[]
}

/**
 * Applied in order, each once per database; a released version is never edited, only
 * followed by a new one. Events and violations are partitioned by day of `received_at`
 * (see `partitionStatements`): a partitioned table's unique keys must hold the partition
 * key, so `trackplan_message_ids` is the one place where a messageId is unique.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'message ids, events and violations by day, outbox',
    statements: [
      `CREATE TABLE trackplan_message_ids (
        message_id text PRIMARY KEY,
        received_at timestamptz NOT NULL
      )`,
      `CREATE TABLE trackplan_events (
        message_id text NOT NULL,
        received_at timestamptz NOT NULL,
        type text NOT NULL,
        event text,
        "timestamp" timestamptz NOT NULL,
        plan_version text NOT NULL,
        status text NOT NULL CHECK (status IN ('accepted', 'blocked')),
        violation_count integer NOT NULL,
        envelope jsonb NOT NULL,
        PRIMARY KEY (message_id, received_at)
      ) PARTITION BY RANGE (received_at)`,
      `CREATE TABLE trackplan_violations (
        message_id text NOT NULL,
        received_at timestamptz NOT NULL,
        kind text NOT NULL,
        path text NOT NULL,
        message text NOT NULL,
        FOREIGN KEY (message_id, received_at)
          REFERENCES trackplan_events (message_id, received_at) ON DELETE CASCADE
      ) PARTITION BY RANGE (received_at)`,
      `CREATE TABLE trackplan_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id text NOT NULL,
        envelope jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        held_until timestamptz,
        held_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
  },
]

// Advisory locks are per database and shared with every other application on it: the
// first key is 'trac' in ASCII, the second names what the lock guards.
const LOCK_NAMESPACE = 0x74726163
const LOCK_MIGRATIONS = 1
const LOCK_PARTITIONS = 2
const lockSql = (what: number) => `SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${what})`

/**
 * Brings the schema to the latest version. Collectors starting at once against one server
 * take turns on an advisory lock; the second finds every version applied. A database
 * migrated by a newer collector is left as it is (versions only add: a rolling deploy
 * runs old and new collectors side by side).
 */
export async function migrate(client: SqlClient): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query(lockSql(LOCK_MIGRATIONS))
    await tx.query(`CREATE TABLE IF NOT EXISTS trackplan_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM trackplan_migrations')
    const applied = new Set(rows.map((row) => Number(row.version)))
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue
      for (const statement of migration.statements) await tx.query(statement)
      await tx.query('INSERT INTO trackplan_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
    }
  })
}

/** The UTC day (`YYYY-MM-DD`) of an ISO 8601 time, or undefined when it is not one. */
export function dayOf(iso: string): string | undefined {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return undefined
  const day = new Date(time).toISOString().slice(0, 10)
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined
}

/** The UTC day after `day` (`YYYY-MM-DD`). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

/** The statements creating `day`'s partitions of events and violations, when missing. */
function partitionStatements(day: string): string[] {
  const from = `${day} 00:00:00+00`
  const to = `${nextDay(day)} 00:00:00+00`
  const suffix = day.replaceAll('-', '')
  return ['trackplan_events', 'trackplan_violations'].map(
    (table) =>
      `CREATE TABLE IF NOT EXISTS ${table}_p${suffix} PARTITION OF ${table}
       FOR VALUES FROM ('${from}') TO ('${to}')`,
  )
}

/**
 * Creates the partitions of the days it is asked for, once per process and day. Creating
 * a partition locks its parent table, so callers ask ahead (today and tomorrow) rather
 * than at midnight; collectors meeting a new day at once take turns on an advisory lock.
 */
export function createPartitionKeeper() {
  const known = new Set<string>()
  return {
    async ensure(client: SqlClient, days: Iterable<string>): Promise<void> {
      const missing = [...new Set(days)].filter((day) => !known.has(day))
      if (missing.length === 0) return
      await client.transaction(async (tx) => {
        await tx.query(lockSql(LOCK_PARTITIONS))
        for (const day of missing)
          for (const statement of partitionStatements(day)) await tx.query(statement)
      })
      for (const day of missing) known.add(day)
    },
    /** Someone dropped a partition (old data deleted): ask the database again. */
    forget(): void {
      known.clear()
    },
  }
}
