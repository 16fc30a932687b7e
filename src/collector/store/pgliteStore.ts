// The embedded store: PostgreSQL in WebAssembly (PGlite), its data in a folder.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { lockFolder } from './folderLock'
import { loadPeer } from './loadPeer'
import { preparedQueryable } from './pglitePrepared'
import type { SqlClient, SqlQueryable } from './SqlClient'
import { createSqlStore, DEFAULT_OUTBOX_LEASE_MS } from './sqlStore'
import type { Store } from './Store'

export interface PgliteStoreOptions {
  /**
   * The folder the data lives in, created when missing; `memory://` or none: in memory,
   * gone on close (tests). One store at a time may open a folder: a second is refused.
   */
  dir?: string
  /** How long a taken outbox item is held before another caller may take it, in ms. @default 60_000 */
  outboxLeaseMs?: number
}

const queryable = (target: PGlite | Transaction): SqlQueryable => ({
  query: (sql, params) => target.query(sql, params ? [...params] : undefined),
})

async function connectPglite(dir: string | undefined): Promise<SqlClient> {
  const { PGlite } = await loadPeer(
    '@electric-sql/pglite',
    'pgliteStore',
    () => import('@electric-sql/pglite'),
  )
  const inMemory = dir === undefined || dir.startsWith('memory://')
  const unlock = inMemory ? () => {} : await lockFolder(dir, 'pgliteStore')
  try {
    const db = new PGlite(inMemory ? 'memory://' : dir)
    await db.waitReady
    return {
      ...preparedQueryable(db),
      // PGlite is one connection: a transaction holds it, other queries wait their turn
      transaction: (work) => db.transaction((tx) => work(queryable(tx))),
      close: async () => {
        await db.close()
        unlock()
      },
    }
  } catch (error) {
    unlock()
    throw error
  }
}

/**
 * A collector store in a folder, with nothing to install or run besides the
 * `@electric-sql/pglite` package: PostgreSQL compiled to WebAssembly, in this process.
 * @example createCollector({ plan, store: pgliteStore({ dir: '.trackplan/collector' }) })
 */
export function pgliteStore(options: PgliteStoreOptions = {}): Store {
  return createSqlStore(() => connectPglite(options.dir), {
    name: 'pgliteStore',
    outboxLeaseMs: options.outboxLeaseMs ?? DEFAULT_OUTBOX_LEASE_MS,
    // one connection: batches arriving while one is stored go together in the next statement
    maxInFlight: 1,
  })
}
