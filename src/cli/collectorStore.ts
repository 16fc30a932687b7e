import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pgliteStore, postgresStore, type Store } from '../collector/store'
import type { ParsedArgs } from './Command'
import { UsageError } from './UsageError'

/** Where `collect` keeps its data and `report` reads it, unless `--db` says otherwise. */
export const DEFAULT_DB = '.trackplan/collector'

const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db)

/** The `--db` option: a folder (PGlite) or a `postgres://` URL. */
export function dbOption(options: ParsedArgs['options']): string {
  const db = options['--db'] ?? DEFAULT_DB
  if (db === true) throw new UsageError('--db needs a folder or a postgres:// URL')
  return db
}

/** The plan a collector command takes: `--plan <file>`, or the one file named. */
export function planOption(command: string, { files, options }: ParsedArgs): string {
  const plan = options['--plan']
  if (plan === true)
    throw new UsageError(`--plan needs a file: \`trackplan ${command} --plan src/plan.ts\``)
  const named = plan === undefined ? files : [plan, ...files]
  if (named.length !== 1)
    throw new UsageError(`${command} takes one plan: \`trackplan ${command} --plan src/plan.ts\``)
  return named[0]!
}

/**
 * The store `--db` names: a PostgreSQL server for a `postgres://` URL, PGlite in memory for
 * `memory://`, else a PGlite folder (relative to `cwd`). `existing`: a folder that holds no data yet is refused (report).
 */
export function storeFor(db: string, cwd: string, { existing = false } = {}): Store {
  if (isPostgresUrl(db)) return postgresStore({ url: db })
  // PGlite in memory: nothing kept (a demo, a test)
  if (db.startsWith('memory://')) return pgliteStore({ dir: db })
  const dir = resolve(cwd, db)
  if (existing && !existsSync(dir))
    throw new UsageError(
      `${db} holds no collector data: start one with \`trackplan collect --plan <plan> --db ${db}\``,
    )
  return pgliteStore({ dir })
}

/** `a,b` as `['a', 'b']`; undefined without the option. */
export function listOption(options: ParsedArgs['options'], name: string): string[] | undefined {
  const value = options[name]
  if (value === undefined) return undefined
  if (value === true) throw new UsageError(`${name} needs a value`)
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
  // `--write-key "$WRITE_KEY"` with the variable unset would otherwise check no key at all
  if (items.length === 0) throw new UsageError(`${name} is empty: is the variable you gave it set?`)
  return items
}
