// The store's connection: made and migrated on first use, closed by close(), made again by
// open() (a collector restarted on the same store object, as the memory store allows).
import { createPartitionKeeper, dayOf, migrate, nextDay } from './schema'
import type { SqlClient } from './SqlClient'

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
      await migrate(db)
      const today = dayOf(new Date().toISOString()) as string
      await partitions.ensure(db, [today, nextDay(today)])
    } catch (error) {
      await db.close().catch(() => undefined)
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
    /** Runs `beforeClose` (best effort) on the open session, then closes it. */
    async close(beforeClose: (session: Session) => Promise<void>): Promise<void> {
      closed = true
      const session = await opening?.catch(() => undefined)
      opening = undefined
      // the database opened next may be another (PGlite in memory): its partitions are asked for
      partitions.forget()
      if (!session) return
      await beforeClose(session).catch(() => undefined)
      await session.db.close()
    },
  }
}
