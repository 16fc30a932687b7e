// The store's connection: made and migrated on first use, closed by close(), made again by
// open() (a collector restarted on the same store object, as the memory store allows).
import { createPartitionKeeper, dayOf, migrate, nextDay } from './schema'
import type { SqlClient } from './SqlClient'

/** How long close() may take when it is not told: the collector's own default. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5000

/** `db` with each statement marked long: a migration, a report over months. */
export const longRunning = (db: SqlClient): SqlClient => ({
  ...db,
  query: (sql, params, options) => db.query(sql, params, { long: true, ...options }),
  transaction: (work, options) => db.transaction(work, { long: true, ...options }),
})

/** What `work` resolves to, or `undefined` when it has not within `ms`. */
export const settledWithin = <T>(work: Promise<T>, ms: number): Promise<T | undefined> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<undefined>(
    (resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, ms))),
  )
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/** An open database, and the name this store's outbox holds go by while it is open. */
export interface Session {
  db: SqlClient
  /** Marks the outbox items this store took, so close() releases only those. */
  holder: string
}

/** A start-up error that says whose it is (`pg`'s say only "connect ECONNREFUSED …"). */
function openingError(name: string, error: unknown): unknown {
  if (!(error instanceof Error) || error.message.startsWith('[trackplan]')) return error
  return new Error(`[trackplan] ${name} could not open its database: ${error.message}`, {
    cause: error,
  })
}

/** The connection of one store: `ready()` for work, `open()` and `close()` for its life. */
export function createConnection(
  connect: () => Promise<SqlClient>,
  name: string,
  partitions: ReturnType<typeof createPartitionKeeper>,
) {
  let opening: Promise<Session> | undefined
  let closed = false

  const start = async (): Promise<Session> => {
    const db = await connect().catch((error: unknown) => {
      throw openingError(name, error)
    })
    try {
      await migrate(longRunning(db))
      const today = dayOf(new Date().toISOString()) as string
      await partitions.ensure(db, [today, nextDay(today)])
    } catch (error) {
      await db.close({ timeout: 0 }).catch(() => undefined)
      throw openingError(name, error)
    }
    return { db, holder: globalThis.crypto.randomUUID() }
  }

  const ready = (): Promise<Session> => {
    if (closed)
      return Promise.reject(
        new Error(`[trackplan] this ${name} is closed: call open() to use it again`),
      )
    // a failed start (a server not up yet) is tried again by the next call
    opening ??= start().catch((error: unknown) => {
      opening = undefined
      throw error
    })
    return opening
  }

  return {
    /** The open session: opened on first use; after close(), only open() opens it again. */
    ready,
    open(): Promise<Session> {
      closed = false
      return ready()
    },
    /**
     * Runs `beforeClose` (best effort) on the open session, then closes it; within
     * `timeoutMs`, as a server the network lost may answer nothing.
     */
    async close(
      beforeClose: (session: Session) => Promise<void>,
      timeoutMs: number,
    ): Promise<void> {
      closed = true
      const deadline = Date.now() + timeoutMs
      const left = () => Math.max(0, deadline - Date.now())
      const starting = opening?.catch(() => undefined)
      opening = undefined
      // the database opened next may be another (PGlite in memory): its partitions are asked for
      partitions.forget()
      const session = starting && (await settledWithin(starting, timeoutMs))
      // still opening at the deadline: closed once it has opened
      if (starting && !session) void starting.then((late) => late?.db.close({ timeout: 0 }))
      if (!session) return
      // with no time left, nothing is started that would be cut off at once
      if (left() > 0)
        await settledWithin(
          beforeClose(session).catch(() => undefined),
          left(),
        )
      await session.db.close({ timeout: left() })
    },
  }
}
