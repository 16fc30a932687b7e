// The one implementation of `Store`: SQL for PostgreSQL, over any `SqlClient`.
import { createGroupCommit } from './groupCommit'
import { INSERT_BATCH_SQL, partitionDaysOf, prepareBatches, type Batch } from './insertBatch'
import { createConnection, DEFAULT_CLOSE_TIMEOUT_MS, longRunning } from './connection'
import { failOutbox, finishOutbox, releaseOutbox, takeOutbox } from './outbox'
import { createPartitionKeeper } from './schema'
import type { SqlClient } from './SqlClient'
import { readStats } from './stats'
import type { InsertResult, Store, StoredEvent } from './Store'

export interface SqlStoreOptions {
  /** What the connector is called in errors (`pgliteStore`, `postgresStore`). */
  name: string
  /** How long a taken outbox item is held before another caller may take it. */
  outboxLeaseMs: number
  /** Batch statements under way at once: more batches wait and go together (group commit). */
  maxInFlight: number
}

// a group of waiting batches is closed at this many events: on PGlite a statement runs on
// the collector's own thread, and 500 events keep it to tens of milliseconds
const MAX_GROUP_EVENTS = 500

/** The default outbox lease: far longer than any sink's request, short enough to recover from a crash soon. */
export const DEFAULT_OUTBOX_LEASE_MS = 60_000

// CHECK violation, which is also what inserting into a partition that is not there raises
const CHECK_VIOLATION = '23514'
const isCheckViolation = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === CHECK_VIOLATION

/**
 * A `Store` over the client `connect()` gives. Opens itself on first use, so `open()` only
 * moves the migration (and its errors) to start-up; after `close()`, `open()` opens it again.
 */
export function createSqlStore(connect: () => Promise<SqlClient>, options: SqlStoreOptions): Store {
  const partitions = createPartitionKeeper()
  const connection = createConnection(connect, options.name, partitions)
  const ready = async () => (await connection.ready()).db

  /** Stores batches in one statement; a day's partition dropped meanwhile is made again. */
  const storeBatches = async (batches: Batch[]): Promise<InsertResult[]> => {
    const db = await ready()
    const prepared = prepareBatches(batches)
    const days = batches.flatMap((batch) => partitionDaysOf(batch.events))
    const run = async () => {
      await partitions.ensure(db, days)
      const { rows } = await db.query<{ message_id: string }>(INSERT_BATCH_SQL, [prepared.json], {
        rows: prepared.rows,
      })
      return prepared.results(rows.map((row) => row.message_id))
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
  const storeBatch = createGroupCommit<Batch, InsertResult>({
    maxInFlight: options.maxInFlight,
    maxGroupSize: MAX_GROUP_EVENTS,
    sizeOf: (batch) => batch.events.length,
    run: storeBatches,
  })

  const insertBatch = async (
    events: readonly StoredEvent[],
    { outbox }: { outbox: boolean },
  ): Promise<InsertResult> => {
    partitionDaysOf(events) // a batch with no readable receivedAt fails alone, before it waits
    await ready()
    if (events.length === 0) return { inserted: [], duplicates: [] }
    return storeBatch({ events, outbox })
  }

  return {
    open: async () => {
      await connection.open()
    },
    insertBatch,
    takeOutbox: async (limit) => takeOutbox(await connection.ready(), limit, options.outboxLeaseMs),
    finishOutbox: async (ids) => finishOutbox(await ready(), ids),
    failOutbox: async (ids, error, retryAfterMs = 0) =>
      failOutbox(await connection.ready(), ids, error, retryAfterMs),
    // a report over months may rightly take long
    stats: async ({ since }) => readStats(longRunning(await ready()), since),
    // what this store still holds goes back to the outbox now, not when its lease runs out
    close: (closeOptions) =>
      connection.close(releaseOutbox, closeOptions?.timeout ?? DEFAULT_CLOSE_TIMEOUT_MS),
  }
}
