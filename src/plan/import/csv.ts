import { csvCellText, readAllowedValues, readPropertyPath } from '../cells'
import type { PropertyType } from '../types'
import {
  note,
  type ImportedEvent,
  type ImportedPlan,
  type ImportedProperty,
  type Notes,
} from './model'
import { parseCsv, type CsvField } from './parseCsv'

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
  'required?': 'required',
  'is required': 'required',
  "req'd": 'required',
  'property required': 'required',
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

/**
 * The required column's yes and no, as people and spreadsheets write them: Excel saves a TRUE
 * cell in its own language (WAHR in German, VRAI in French, …), Google Sheets' checkboxes as
 * TRUE and FALSE.
 */
const YES = new Set(
  ['yes', 'y', 'true', '1', 'required', 'x', '✓', '✔', 'ja', 'oui', 'sí', 'si'].concat(
    ['wahr', 'vrai', 'verdadero', 'vero', 'waar', 'verdadeiro', 'sant', 'sand', 'sann', 'tosi'],
    ['prawda'],
  ),
)
const NO = new Set(
  ['', 'no', 'n', 'false', '0', 'optional', '-', '✗', 'nein', 'non', 'nee', 'nej', 'nei'].concat([
    'falsch',
    'faux',
    'falso',
    'onwaar',
    'usant',
    'falsk',
    'epätosi',
    'fałsz',
  ]),
)

/**
 * Finds (or makes) the spec a row's property path belongs to: `address.city`,
 * `lines[].sku`, `tags[]`, `utm\.source` (a key with a dot).
 */
function place(event: ImportedEvent, path: string, notes: Notes): ImportedProperty | undefined {
  const steps = readPropertyPath(path)
  let list = event.properties
  let spec: ImportedProperty | undefined
  for (const [i, step] of steps.entries()) {
    const last = i === steps.length - 1
    if ('items' in step) {
      if (!spec) return undefined
      spec = spec.items ??= {}
      if (!last) list = spec.properties ??= []
      continue
    }
    let entry = list.find(({ name }) => name === step.key)
    if (!entry) {
      if (!last && !('items' in steps[i + 1]!))
        note(
          notes,
          'note',
          `"${path}" comes before "${step.key}": the object was added`,
          event.name,
          path,
        )
      entry = { name: step.key, property: {} }
      list.push(entry)
    }
    spec = entry.property
    if (!last && !('items' in steps[i + 1]!)) list = spec.properties ??= []
  }
  return spec
}

/** The type of an "enum" row: its allowed values', when they are all numbers, all booleans or all text. */
function enumType(allowed: string): PropertyType | undefined {
  const values = readAllowedValues(allowed, undefined)
  if (!values) return undefined
  for (const type of ['number', 'boolean'] as const)
    if (readAllowedValues(allowed, type)!.every((v) => typeof v === type)) return type
  return values.every((v) => typeof v === 'string') ? 'string' : undefined
}

/**
 * The type column: a JSON type, `enum` (the allowed values' type), a union (`string | null`, as
 * zod), `any` or none (any value).
 */
function readType(
  spec: ImportedProperty,
  cell: string,
  allowed: string,
  at: { event: string; path: string },
  notes: Notes,
): PropertyType | undefined {
  const rawType = cell.toLowerCase()
  const type = TYPE_NAMES[rawType] ?? (rawType === 'enum' ? enumType(allowed) : undefined)
  if (type) spec.type = type
  else if (rawType.includes('|')) {
    const types = rawType.split('|').map((t) => t.trim())
    const each = types.map((t) =>
      t === 'null' ? 'z.null()' : TYPE_NAMES[t] ? zodType(TYPE_NAMES[t]!) : 'z.json()',
    )
    spec.zod = `z.union([${each.join(', ')}])`
    note(notes, 'schema', `type "${rawType}" is a union: kept as zod`, at.event, at.path)
  } else {
    spec.zod = 'z.json()'
    const anyValue = rawType === '' || rawType === 'any'
    note(
      notes,
      anyValue ? 'note' : 'dropped',
      anyValue
        ? `${rawType ? 'type "any"' : 'no type'}: imported as any value`
        : `type "${cell}" is not a JSON type: imported as any value`,
      at.event,
      at.path,
    )
  }
  return type
}

/** Free-text columns keep their spaces; in the others an unquoted cell's edge spaces are no content. */
const FREE_TEXT = new Set(['description', 'propertyDescription'])

/** The sheet as read so far: its events, in order, and the event the last row was about. */
interface SheetRead {
  events: Map<string, ImportedEvent>
  lastEvent?: string
}

/**
 * One row: the event it names (made on its first row), and the property it describes. A row
 * with a property and no event name is the previous event's: sheets name an event once above
 * its property rows (merged cells download as empty ones).
 */
function readRow(
  fields: CsvField[],
  columns: (string | undefined)[],
  sheet: SheetRead,
  notes: Notes,
): void {
  const { events } = sheet
  const get = (column: string): string => {
    const field = fields[columns.indexOf(column)]
    if (!field) return ''
    return csvCellText(field.quoted || FREE_TEXT.has(column) ? field.text : field.text.trim())
  }
  const name = get('event') || (get('property') ? (sheet.lastEvent ?? '') : '')
  if (!name) {
    const text = fields.map((f) => f.text).join(', ')
    return note(notes, 'dropped', `a row without an event name was skipped: ${text}`)
  }
  let event = events.get(name)
  if (!event) events.set(name, (event = { name, properties: [] }))
  sheet.lastEvent = name
  for (const field of ['description', 'trigger', 'owner'] as const)
    if (!event[field] && get(field)) event[field] = get(field)
  const path = get('property')
  if (!path) return
  const spec = place(event, path, notes)
  if (!spec) return note(notes, 'dropped', `row "${path}" has no property to belong to`, name, path)
  if (readPropertyPath(path).length > 1 && !TYPE_NAMES[get('type').toLowerCase()]) {
    spec.zod = 'z.json()'
    const type = get('type') ? `type "${get('type')}"` : 'no type'
    const message = `${type} inside a plain object or array is not imported: the plan checks any value there`
    return note(notes, 'dropped', message, name, path)
  }
  const type = readType(spec, get('type'), get('allowed'), { event: name, path }, notes)
  const requiredCell = get('required')
  if (YES.has(requiredCell.toLowerCase())) spec.required = true
  else {
    if (!NO.has(requiredCell.toLowerCase()))
      note(
        notes,
        'dropped',
        `required "${requiredCell}" is neither yes nor no: imported as optional`,
        name,
        path,
      )
    // a zod schema says itself whether a value may be missing
    if (spec.zod) spec.zod += '.optional()'
  }
  const allowed = readAllowedValues(get('allowed'), type)
  if (allowed) spec.enum = allowed
  if (get('propertyDescription')) spec.description = get('propertyDescription')
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
  const names = header.map((h) => h.text.trim())
  const columns = names.map((h) => COLUMN_NAMES[h.toLowerCase()])
  if (!columns.includes('event'))
    throw new Error(`the CSV has no "event" column (its header is: ${names.join(', ')})`)
  names.forEach((h, i) => {
    if (!columns[i] && h) note(notes, 'dropped', `column "${h}" is not a plan column: ignored`)
  })
  const sheet: SheetRead = { events: new Map() }
  for (const fields of rows) readRow(fields, columns, sheet, notes)
  const { events } = sheet
  for (const event of events.values())
    for (const { property } of event.properties) dropNestedZod(property)
  return { events: [...events.values()] }
}

/** A plain spec holds plain specs only: nested specs that needed zod are left out (reported). */
function dropNestedZod(spec: ImportedProperty): void {
  if (spec.properties) spec.properties = spec.properties.filter(({ property }) => !property.zod)
  if (spec.items?.zod) delete spec.items
  for (const { property } of spec.properties ?? []) dropNestedZod(property)
  if (spec.items) dropNestedZod(spec.items)
}

const zodType = (type: PropertyType): string =>
  type === 'integer'
    ? 'z.number().int()'
    : type === 'array'
      ? 'z.array(z.json())'
      : type === 'object'
        ? 'z.record(z.string(), z.json())'
        : `z.${type}()`
