// Cells for the spreadsheet and Markdown exports (the CLI's and the panels'): what a cell
// says must never run as a formula in a spreadsheet or as HTML in a rendered table. The
// CSV's cells read back exactly: `csvCellText` undoes `csvCell`, `readAllowedValues` undoes
// `allowedValues`, `readPropertyPath` undoes `propertyPathKey`.
import type { JsonValue } from '../core/event'
import type { PropertyType } from './types'

/** A value spreadsheets would run as a formula: a leading `=`, `+`, `-`, `@`, tab or CR (OWASP). */
const FORMULA = /^'*[=+\-@\t\r]/

/**
 * A CSV cell: a formula is neutralised with a leading `'` (one more `'` where the value
 * already starts with `'`s before a formula character, so that reading removes exactly one),
 * then quoted when needed: for a comma, quote or line break, and for a leading or trailing
 * space, which an unquoted cell loses when it is read.
 */
export function csvCell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value
  return /[",\n\r]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** A cell's text as `csvCell` was given it: the `'` put before a formula removed. */
export const csvCellText = (value: string): string => (FORMULA.test(value) ? value.slice(1) : value)

/** One step of a property's path in the CSV: a key of an object, or the items of an array. */
export type PathStep = { key: string } | { items: true }

/** A key as a step of a property path: `\`, `.`, `[` and `]` escaped with `\`. */
export const propertyPathKey = (key: string): string => key.replace(/[\\.[\]]/g, '\\$&')

/**
 * A property path as the CSV writes it — `address.city`, `lines[].sku`, `tags[]`, a
 * key's own `.`, `[` and `]` escaped as `\.` — as steps. A `[` that opens no `[]` is read
 * as part of the key, as sheets written by hand have it (`x[0]`).
 */
export function readPropertyPath(path: string): PathStep[] {
  const steps: PathStep[] = []
  let key = ''
  let inKey = true
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!
    if (c === '\\' && i + 1 < path.length) key += path[++i]
    else if (c === '.') {
      if (inKey) steps.push({ key })
      key = ''
      inKey = true
    } else if (c === '[' && path[i + 1] === ']') {
      if (inKey) steps.push({ key })
      steps.push({ items: true })
      key = ''
      inKey = false
      i++
    } else {
      key += c
      inKey = true
    }
  }
  if (inKey) steps.push({ key })
  return steps
}

/** An item of the list form as the import reads it under the property's type. */
function readItem(text: string, type: PropertyType | undefined): JsonValue {
  if (type === 'number' || type === 'integer')
    return Number.isNaN(Number(text)) ? text : Number(text)
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  return text
}

const itemText = (value: JsonValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value)

/**
 * The "allowed values" cell: `free, pro, team` when each value reads back as itself under
 * the property's type (strings without commas, edge spaces or a leading `[` or `"`,
 * numbers, booleans), else the JSON array: `["a, b","c"]`.
 */
export function allowedValues(values: readonly JsonValue[], type?: PropertyType): string {
  const listed =
    values.length > 0 &&
    values.every(
      (v) =>
        (typeof v === 'string'
          ? v !== '' && !/,|^\s|\s$|^[["]/.test(v)
          : typeof v === 'number' || typeof v === 'boolean') && readItem(itemText(v), type) === v,
    )
  return listed ? values.map(itemText).join(', ') : JSON.stringify(values)
}

/**
 * The values an "allowed values" cell lists: a JSON array, or `free, pro` typed by the
 * type column. An empty item (a trailing comma) is no value.
 */
export function readAllowedValues(
  cell: string,
  type: PropertyType | undefined,
): JsonValue[] | undefined {
  if (cell === '') return undefined
  if (cell.startsWith('[')) {
    try {
      const values: unknown = JSON.parse(cell)
      if (Array.isArray(values)) return values as JsonValue[]
    } catch {
      // not JSON: read as a list
    }
  }
  const values = cell
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => readItem(item, type))
  return values.length ? values : undefined
}

/** A Markdown table cell: HTML escaped, pipes escaped, line breaks as `<br>`. */
export const mdCell = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>')

/**
 * Text as a Markdown code span in a table cell: shown exactly as it is (backslashes,
 * `*`, `_` and `<` are not read as Markdown or HTML, as they are inside `<code>`), fenced
 * with one more backtick than its longest run, pipes escaped for the table.
 */
export function mdCode(value: string): string {
  const longest = (value.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0)
  const fence = '`'.repeat(longest + 1)
  // a span that starts or ends with a backtick needs a space inside its fence
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  const text = value.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|')
  return `${fence}${pad}${text}${pad}${fence}`
}
