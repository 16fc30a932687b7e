// A PostgreSQL server through `pg`: many collectors, one database.
import type { Client, ClientConfig, Pool, PoolClient, QueryConfig } from 'pg'
import { settledWithin } from './connection'
import { loadPeer } from './loadPeer'
import type { QueryOptions, SqlClient, SqlQueryable } from './SqlClient'
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

// A server the network lost answers nothing, and `pg` waits for ever by default. A batch
// must be answered (503, sent again later) well within a sender's own request timeout
// (httpSink's is 10 s), even when it first waits for another statement's turn: a new
// connection, and a statement, are given a few seconds, far more than a healthy server takes
// for httpSink's batches — plus a millisecond per row it writes, since a batch of thousands
// of events and their violations rightly takes seconds on a busy server. A statement that may
// rightly run long (a migration, a report) gets a minute. Decision 0185.
const CONNECT_TIMEOUT_MS = 3_000
const STATEMENT_TIMEOUT_MS = 3_000
const STATEMENT_MS_PER_ROW = 1
const LONG_STATEMENT_TIMEOUT_MS = 60_000
// an idle connection to a server that is gone is noticed by TCP keep-alive, not after hours
const KEEP_ALIVE_DELAY_MS = 10_000

/** How long a statement may take before its server is given up as lost. */
export const statementTimeoutOf = (options: QueryOptions | undefined): number =>
  options?.long
    ? LONG_STATEMENT_TIMEOUT_MS
    : STATEMENT_TIMEOUT_MS + (options?.rows ?? 0) * STATEMENT_MS_PER_ROW

const queryable = (target: Pool | PoolClient, defaults?: QueryOptions): SqlQueryable => ({
  query: async (sql, params, options = defaults) => {
    // `query_timeout` is read by `pg` but missing from its types
    const query: QueryConfig & { query_timeout: number } = {
      text: sql,
      query_timeout: statementTimeoutOf(options),
      ...(params && { name: nameOf(sql), values: [...params] }),
    }
    return target.query(query)
  },
})

// SQLSTATE: the server answered with an error, so the connection is still in step with it
const isServerError = (error: unknown): boolean =>
  typeof (error as { code?: unknown } | null)?.code === 'string' &&
  /^[0-9A-Z]{5}$/.test((error as { code: string }).code)

async function transactionOn<T>(
  pool: Pool,
  work: (tx: SqlQueryable) => Promise<T>,
  options: QueryOptions | undefined,
): Promise<T> {
  const connection = await pool.connect()
  const tx = queryable(connection, options)
  let broken: Error | undefined
  try {
    await tx.query('BEGIN')
    const result = await work(tx)
    await tx.query('COMMIT')
    return result
  } catch (error) {
    // a connection that timed out or broke is dropped (the server rolls back what it held)
    // rather than asked to roll back: that would wait as long again
    if (!isServerError(error)) broken = error instanceof Error ? error : new Error(String(error))
    // a connection that cannot even roll back is not given back to the pool either
    else await tx.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError))
    throw error
  } finally {
    connection.release(broken)
  }
}

/** Ends the pool: what is under way finishes, or is cut off after `timeout` ms. */
async function endPool(pool: Pool, open: ReadonlySet<Client>, timeout: number): Promise<void> {
  const ended = pool.end().then(
    () => true,
    () => true,
  )
  if (await settledWithin(ended, timeout)) return
  // a connection still open or opening (a server the network lost) would keep the process alive
  for (const client of open) client.connection.stream.destroy()
}

async function connectPostgres(options: PostgresStoreOptions): Promise<SqlClient> {
  const { Client, Pool } = await loadPeer('pg', 'postgresStore', () => import('pg'))
  // the pool's connections from the moment each is made, the ones still connecting too
  const open = new Set<Client>()
  class TrackedClient extends Client {
    constructor(config?: ClientConfig) {
      super(config)
      open.add(this)
      this.on('end', () => open.delete(this))
    }
  }
  const pool = new Pool({
    Client: TrackedClient,
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS,
  })
  // an idle connection the server dropped: the pool replaces it; unheard, it would crash the process
  pool.on('error', (error) => console.warn(`[trackplan] postgresStore: ${error.message}`))
  return {
    ...queryable(pool),
    transaction: (work, transactionOptions) => transactionOn(pool, work, transactionOptions),
    close: ({ timeout }) => endPool(pool, open, timeout),
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
