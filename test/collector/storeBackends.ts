// Fresh, empty databases for the collector's store tests: a PGlite folder (always) and a
// schema of a real PostgreSQL server (when TRACKPLAN_TEST_POSTGRES_URL names one).
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pgliteStore, postgresStore } from '../../src/collector/store'
import type { Store } from '../../src/collector/store'

export interface ConnectOptions {
  outboxLeaseMs?: number
}

export interface TestDatabase {
  /** A store on this database: again after `close`; on a server, several at once. */
  connect(options?: ConnectOptions): Store
  /** What `trackplan collect --db` takes for this database, in another process. */
  location: string
  /** Rows of a query run beside the stores (on PGlite, only while no store is open on it). */
  inspect(sql: string): Promise<Record<string, unknown>[]>
  dispose(): Promise<void>
}

export interface StoreBackend {
  name: string
  /** A server takes many stores (many collectors) at once; a PGlite folder takes one. */
  manyStoresAtOnce: boolean
  database(): Promise<TestDatabase>
}

export const POSTGRES_URL = process.env.TRACKPLAN_TEST_POSTGRES_URL
// pg reads a string that is not a URL as a path on a host named "base": say what is wrong instead
if (POSTGRES_URL && !/^postgres(ql)?:\/\//.test(POSTGRES_URL)) {
  throw new Error(
    `TRACKPLAN_TEST_POSTGRES_URL is not a postgres:// URL: ${JSON.stringify(POSTGRES_URL)}`,
  )
}

// initdb takes seconds in WebAssembly: it runs once, and each test gets a copy of its folder
let template: Promise<string> | undefined
let templateRoot: string | undefined
const pgliteTemplate = (): Promise<string> =>
  (template ??= (async () => {
    const { PGlite } = await import('@electric-sql/pglite')
    templateRoot = mkdtempSync(join(tmpdir(), 'trackplan-pglite-'))
    const dir = join(templateRoot, 'template')
    const db = new PGlite(dir)
    await db.waitReady
    await db.close()
    return dir
  })())

/** Removes the template folder (tens of megabytes): in an `afterAll` of each file using it. */
export async function removePgliteTemplate(): Promise<void> {
  await template?.catch(() => undefined)
  if (templateRoot) rmSync(templateRoot, { recursive: true, force: true })
  template = templateRoot = undefined
}

/**
 * A fresh PGlite folder (a copy of the template), and its path for other processes. `empty`:
 * no folder yet, the first store creates it (a file with one database makes no template).
 */
export async function pgliteDatabase({ empty = false } = {}): Promise<
  TestDatabase & { dir: string }
> {
  const root = mkdtempSync(join(tmpdir(), 'trackplan-store-'))
  const dir = join(root, 'db')
  if (!empty) cpSync(await pgliteTemplate(), dir, { recursive: true })
  return {
    dir,
    location: dir,
    connect: (options) => pgliteStore({ dir, ...options }),
    async inspect(sql) {
      const { PGlite } = await import('@electric-sql/pglite')
      const db = new PGlite(dir)
      try {
        return (await db.query<Record<string, unknown>>(sql)).rows
      } finally {
        await db.close()
      }
    },
    async dispose() {
      rmSync(root, { recursive: true, force: true })
    },
  }
}

export const pgliteBackend: StoreBackend = {
  name: 'PGlite',
  manyStoresAtOnce: false,
  database: pgliteDatabase,
}

/** `url` with its connections' search_path set to `schema`: each test has its own tables. */
export function urlInSchema(url: string, schema: string): string {
  const withSchema = new URL(url)
  withSchema.searchParams.set('options', `-c search_path=${schema}`)
  return withSchema.toString()
}

export const postgresBackend: StoreBackend = {
  name: 'PostgreSQL',
  manyStoresAtOnce: true,
  async database() {
    const { default: pg } = await import('pg')
    const schema = `trackplan_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    const admin = new pg.Client({ connectionString: POSTGRES_URL })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    const url = urlInSchema(POSTGRES_URL ?? '', schema)
    return {
      location: url,
      connect: (options) => postgresStore({ url, ...options }),
      async inspect(sql) {
        await admin.query(`SET search_path = ${schema}`)
        return (await admin.query<Record<string, unknown>>(sql)).rows
      },
      async dispose() {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`)
        await admin.end()
      },
    }
  },
}
