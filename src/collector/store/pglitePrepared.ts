// PGlite's API parses and plans every parameterized query again (it has no named
// statements), which for the batch statement costs as much as running it. So the PGlite
// connector PREPAREs each statement once and runs it with EXECUTE, its parameters written
// as literals: strings dollar-quoted (read back exactly, no escapes), numbers, booleans.
import type { PGlite } from '@electric-sql/pglite'
import type { SqlQueryable } from './SqlClient'

/** A dollar quote that `text` does not contain. */
function dollarQuote(text: string): string {
  for (let n = 0; ; n++) {
    const quote = `$trackplan${n === 0 ? '' : n}$`
    if (!text.includes(quote)) return quote
  }
}

function literal(param: unknown): string | undefined {
  if (param === null) return 'NULL'
  if (typeof param === 'boolean') return String(param)
  if (typeof param === 'number') return Number.isFinite(param) ? String(param) : undefined
  // a NUL would end the statement's text: such a string goes as a parameter (and fails there)
  if (typeof param !== 'string' || param.includes('\u0000')) return undefined
  const quote = dollarQuote(param)
  return `${quote}${param}${quote}`
}

/** The parameters as EXECUTE's arguments, or undefined when one cannot be written so. */
function argumentsOf(params: readonly unknown[]): string | undefined {
  const literals = params.map(literal)
  return literals.some((text) => text === undefined) ? undefined : literals.join(', ')
}

/** `EXECUTE name(…)` with `params` as literals, or undefined when one cannot be written so. */
export function executeSql(name: string, params: readonly unknown[]): string | undefined {
  const args = argumentsOf(params)
  return args === undefined ? undefined : `EXECUTE ${name}(${args})`
}

/**
 * Queries on `db` outside transactions, each statement with parameters prepared on first
 * use (its parameter types inferred as for a plain query) and executed from then on.
 */
export function preparedQueryable(db: PGlite): SqlQueryable {
  const prepared = new Map<string, Promise<string>>()
  const prepare = (sql: string): Promise<string> => {
    let name = prepared.get(sql)
    if (name === undefined) {
      const statement = `trackplan_${prepared.size + 1}`
      name = db.query(`PREPARE ${statement} AS ${sql}`).then(() => statement)
      // a statement that could not be prepared is tried again next time
      name.catch(() => prepared.delete(sql))
      prepared.set(sql, name)
    }
    return name
  }
  return {
    async query<Row extends object>(sql: string, params?: readonly unknown[]) {
      const args = params && params.length > 0 ? argumentsOf(params) : undefined
      if (args === undefined) return db.query<Row>(sql, params ? [...params] : undefined)
      const results = await db.exec(`EXECUTE ${await prepare(sql)}(${args})`)
      return { rows: (results.at(-1)?.rows ?? []) as Row[] }
    },
  }
}
