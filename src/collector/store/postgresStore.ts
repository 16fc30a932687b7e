// A PostgreSQL server through `pg`: many collectors, one database.
import type { Pool, PoolClient } from 'pg'
import { loadPeer } from './loadPeer'
import type { SqlClient, SqlQueryable } from './SqlClient'
import { createSqlStore, DEFAULT_OUTBOX_LEASE_MS } from './sqlStore'
import type { Store } from './Store'

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (`?sslmode=require`, `?options=-c search_path=…` as `pg` reads them). */
  url: string
  /** Connections in this collector's pool. @default 10 */
  poolSize?: number
  /** How long a taken outbox item is held before another caller may take it, in ms. @default 60_000 */
  outboxLeaseMs?: number
}

// The store's statements are a few constant texts: each with parameters is prepared once per
// connection under a name of its own, so PostgreSQL plans it once, not on every batch.
const statementNames = new Map<string, string>()
const nameOf = (sql: string): string => {
  let name = statementNames.get(sql)
  if (name === undefined) statementNames.set(sql, (name = `trackplan_${statementNames.size + 1}`))
  return name
}

const DEFAULT_POOL_SIZE = 10

const queryable = (target: Pool | PoolClient): SqlQueryable => ({
  query: async (sql, params) =>
    params
      ? target.query({ name: nameOf(sql), text: sql, values: [...params] })
      : target.query(sql),
})

async function transactionOn<T>(pool: Pool, work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  const connection = await pool.connect()
  let broken: Error | undefined
  try {
    await connection.query('BEGIN')
    const result = await work(queryable(connection))
    await connection.query('COMMIT')
    return result
  } catch (error) {
    // a connection that cannot even roll back is not given back to the pool
    await connection.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError))
    throw error
  } finally {
    connection.release(broken)
  }
}

async function connectPostgres(options: PostgresStoreOptions): Promise<SqlClient> {
  const { Pool } = await loadPeer('pg', 'postgresStore', () => import('pg'))
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
  })
  // an idle connection the server dropped: the pool replaces it; unheard, it would crash the process
  pool.on('error', (error) => console.warn(`[trackplan] postgresStore: ${error.message}`))
  return {
    ...queryable(pool),
    transaction: (work) => transactionOn(pool, work),
    close: () => pool.end(),
  }
}

/**
 * A collector store in a PostgreSQL server (the `pg` package), for stateless collectors
 * behind a load balancer sharing one database. Same schema and migrations as `pgliteStore`.
 * @example createCollector({ plan, store: postgresStore({ url: process.env.DATABASE_URL! }) })
 */
export function postgresStore(options: PostgresStoreOptions): Store {
  return createSqlStore(() => connectPostgres(options), {
    name: 'postgresStore',
    outboxLeaseMs: options.outboxLeaseMs ?? DEFAULT_OUTBOX_LEASE_MS,
    maxInFlight: options.poolSize ?? DEFAULT_POOL_SIZE,
  })
}
