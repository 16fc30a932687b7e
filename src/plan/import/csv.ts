import type { JsonValue } from '../../core/event'
import { csvCellText } from '../cells'
import type { PropertyType } from '../types'
import {
  note,
  type ImportedEvent,
  type ImportedPlan,
  type ImportedProperty,
  type Notes,
} from './model'

/**
 * RFC 4180 with what spreadsheets add: a UTF-8 BOM, CRLF or LF, quoted commas, quotes and line
 * breaks.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"' && cell === '') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  if (cell !== '' || row.length) {
    row.push(cell)
    rows.push(row)
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''))
}

const COLUMN_NAMES: Record<string, string> = {
  event: 'event',
  'event name': 'event',
  name: 'event',
  description: 'description',
  'event description': 'description',
  trigger: 'trigger',
  owner: 'owner',
  team: 'owner',
  property: 'property',
  'property name': 'property',
  type: 'type',
  'property type': 'type',
  required: 'required',
  'allowed values': 'allowed',
  enum: 'allowed',
  values: 'allowed',
  'property description': 'propertyDescription',
}

const TYPE_NAMES: Record<string, PropertyType> = {
  string: 'string',
  text: 'string',
  str: 'string',
  number: 'number',
  float: 'number',
  double: 'number',
  decimal: 'number',
  integer: 'integer',
  int: 'integer',
  boolean: 'boolean',
  bool: 'boolean',
  array: 'array',
  list: 'array',
  object: 'object',
  map: 'object',
  dict: 'object',
  json: 'object',
}

const YES = new Set(['yes', 'y', 'true', '1', 'required', 'x'])

/**
 * The "allowed values" cell: `free, pro` or a JSON array (`["a, b","c"]`), typed by the type
 * column.
 */
function parseAllowed(cell: string, type: PropertyType | undefined): JsonValue[] | undefined {
  if (cell === '') return undefined
  if (cell.startsWith('[')) {
    try {
      const values: unknown = JSON.parse(cell)
      if (Array.isArray(values)) return values as JsonValue[]
    } catch {
      // not JSON: read as a list
    }
  }
  return cell.split(/,\s*/).map((v): JsonValue => {
    if (type === 'number' || type === 'integer') return Number.isNaN(Number(v)) ? v : Number(v)
    if (type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v
    return v
  })
}

/**
 * Finds (or makes) the spec a dotted row name belongs to: `address.city`, `lines[].sku`, `tags[]`.
 */
function place(event: ImportedEvent, path: string, notes: Notes): ImportedProperty | undefined {
  const parts = path.match(/[^.[\]]+|\[\]/g) ?? []
  let list = event.properties
  let spec: ImportedProperty | undefined
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (part === '[]') {
      if (!spec) return undefined
      spec.items ??= {}
      spec = spec.items
      if (i < parts.length - 1) list = spec.properties ??= []
      continue
    }
    let entry = list.find(({ name }) => name === part)
    if (!entry) {
      if (i < parts.length - 1 && parts[i + 1] !== '[]') {
        note(
          notes,
          'note',
          `"${path}" comes before "${parts.slice(0, i + 1).join('.')}": the object was added`,
          event.name,
          path,
        )
      }
      entry = { name: part, property: {} }
      list.push(entry)
    }
    spec = entry.property
    if (i < parts.length - 1 && parts[i + 1] !== '[]') {
      spec.properties ??= []
      list = spec.properties
    }
  }
  return spec
}

/**
 * A tracking-plan spreadsheet, as `trackplan export --format csv` writes it or as people keep it.
 */
export function fromCsv(text: string, notes: Notes): ImportedPlan {
  const [header, ...rows] = parseCsv(text)
  if (!header)
    throw new Error(
      'the CSV is empty: it needs a header row (event, description, trigger, owner, property, type, required, allowed values, property description)',
    )
  const columns = header.map((h) => COLUMN_NAMES[h.trim().toLowerCase()])
  if (!columns.includes('event'))
    throw new Error(`the CSV has no "event" column (its header is: ${header.join(', ')})`)
  header.forEach((h, i) => {
    if (!columns[i] && h.trim())
      note(notes, 'dropped', `column "${h.trim()}" is not a plan column: ignored`)
  })
  const events = new Map<string, ImportedEvent>()
  for (const cells of rows) {
    const get = (column: string): string => csvCellText(cells[columns.indexOf(column)])
    const name = get('event')
    if (!name) {
      note(notes, 'dropped', `a row without an event name was skipped: ${cells.join(', ')}`)
      continue
    }
    let event = events.get(name)
    if (!event) events.set(name, (event = { name, properties: [] }))
    for (const field of ['description', 'trigger', 'owner'] as const)
      if (!event[field] && get(field)) event[field] = get(field)
    const path = get('property')
    if (!path) continue
    const spec = place(event, path, notes)
    if (!spec) {
      note(notes, 'dropped', `row "${path}" has no property to belong to`, name, path)
      continue
    }
    const rawType = get('type').toLowerCase()
    const type = TYPE_NAMES[rawType]
    if (type) spec.type = type
    else if (rawType.includes('|')) {
      const types = rawType.split('|').map((t) => t.trim())
      spec.zod = types
        .map((t) =>
          t === 'null' ? 'z.null()' : TYPE_NAMES[t] ? zodType(TYPE_NAMES[t]!) : 'z.unknown()',
        )
        .join(', ')
      spec.zod = `z.union([${spec.zod}])`
      note(notes, 'schema', `type "${rawType}" is a union: kept as zod`, name, path)
    } else {
      spec.zod = 'z.unknown()'
      note(
        notes,
        rawType ? 'dropped' : 'note',
        rawType
          ? `type "${get('type')}" is not a JSON type: imported as z.unknown()`
          : 'no type: imported as z.unknown()',
        name,
        path,
      )
    }
    if (YES.has(get('required').toLowerCase())) spec.required = true
    const allowed = parseAllowed(get('allowed'), type)
    if (allowed) spec.enum = allowed
    if (get('propertyDescription')) spec.description = get('propertyDescription')
  }
  return { events: [...events.values()] }
}

export const zodType = (type: PropertyType): string =>
  type === 'integer'
    ? 'z.number().int()'
    : type === 'array'
      ? 'z.array(z.unknown())'
      : type === 'object'
        ? 'z.record(z.string(), z.unknown())'
        : `z.${type}()`
