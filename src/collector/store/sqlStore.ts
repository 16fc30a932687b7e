// The one implementation of `Store`: SQL for PostgreSQL, over any `SqlClient`.
import { INSERT_BATCH_SQL, prepareBatch } from './insertBatch'
import { failOutbox, finishOutbox, takeOutbox } from './outbox'
import { createPartitionKeeper, dayOf, migrate, nextDay } from './schema'
import type { SqlClient } from './SqlClient'
import { readStats } from './stats'
import type { InsertResult, Store, StoredEvent } from './Store'

export interface SqlStoreOptions {
  /** What the connector is called in errors (`pgliteStore`, `postgresStore`). */
  name: string
  /** How long a taken outbox item is held before another caller may take it. */
  outboxLeaseMs: number
}

/** The default outbox lease: far longer than any sink's request, short enough to recover from a crash soon. */
export const DEFAULT_OUTBOX_LEASE_MS = 60_000

// CHECK violation, which is also what inserting into a partition that is not there raises
const CHECK_VIOLATION = '23514'
const isCheckViolation = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === CHECK_VIOLATION

/**
 * A `Store` over the client `connect()` gives (called once, on the first use). Opens itself
 * on first use, so `open()` only moves the migration (and its errors) to start-up.
 */
export function createSqlStore(connect: () => Promise<SqlClient>, options: SqlStoreOptions): Store {
  const partitions = createPartitionKeeper()
  let client: Promise<SqlClient> | undefined
  let opening: Promise<SqlClient> | undefined
  let closed = false

  const start = async (): Promise<SqlClient> => {
    client ??= connect().catch((error: unknown) => {
      client = undefined
      throw error
    })
    const db = await client
    await migrate(db)
    const today = dayOf(new Date().toISOString()) as string
    await partitions.ensure(db, [today, nextDay(today)])
    return db
  }
  const ready = (): Promise<SqlClient> => {
    if (closed)
      return Promise.reject(
        new Error(`[trackplan] this ${options.name} is closed: create a new one to use it again`),
      )
    // a failed start (a server not up yet) is tried again on the next call
    opening ??= start().catch((error: unknown) => {
      opening = undefined
      throw error
    })
    return opening
  }

  const insertBatch = async (
    events: readonly StoredEvent[],
    { outbox }: { outbox: boolean },
  ): Promise<InsertResult> => {
    const batch = prepareBatch(events)
    const db = await ready()
    if (events.length === 0) return batch.result([])
    const run = async () => {
      await partitions.ensure(db, batch.days)
      const { rows } = await db.query<{ message_id: string }>(INSERT_BATCH_SQL, [
        batch.json,
        outbox,
      ])
      return batch.result(rows.map((row) => row.message_id))
    }
    try {
      return await run()
    } catch (error) {
      if (!isCheckViolation(error)) throw error
      // a day's partition may have been dropped (old data deleted) since this process made
      // it: make sure once more; a real CHECK violation fails the same way again
      partitions.forget()
      return run()
    }
  }

  return {
    open: async () => {
      await ready()
    },
    insertBatch,
    takeOutbox: async (limit) => takeOutbox(await ready(), limit, options.outboxLeaseMs),
    finishOutbox: async (ids) => finishOutbox(await ready(), ids),
    failOutbox: async (ids, error) => failOutbox(await ready(), ids, error),
    stats: async ({ since }) => readStats(await ready(), since),
    close: async () => {
      if (closed) return
      closed = true
      await opening?.catch(() => undefined)
      const db = await client?.catch(() => undefined)
      await db?.close()
    },
  }
}
