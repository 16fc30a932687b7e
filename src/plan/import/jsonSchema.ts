import { eventFromSchema } from './eventFromSchema'
import {
  note,
  type ImportedEvent,
  type ImportedPlan,
  type NamedProperty,
  type Notes,
} from './model'
import { keepNewest } from './newest'
import { isObject, type Schema } from './schema'
import { findSegmentRules, fromSegment } from './segment'

const isSchemaLike = (v: unknown): v is Schema =>
  isObject(v) && (typeof v.$schema === 'string' || v.type === 'object' || isObject(v.properties))

/** A schema's event name: its `title`, else the const of its `event` property, else the file's. */
function eventName(schema: Schema, file: string): string {
  const inner =
    isObject(schema.properties) && isObject(schema.properties.event)
      ? schema.properties.event.const
      : undefined
  return typeof schema.title === 'string' && schema.title
    ? schema.title
    : typeof inner === 'string'
      ? inner
      : file
}

/** A JSON file: its path (for the report), the name an untitled schema takes, and its value. */
export interface JsonFile {
  path: string
  name: string
  value: unknown
}

/** An Iglu self-describing schema, held back until every file is read (the newest one wins). */
interface IgluSchema {
  schema: Schema
  vendor: string
  name: string
  path: string
}

/** What the JSON files hold, as they are read. */
interface Found {
  events: ImportedEvent[]
  contextProperties?: NamedProperty[]
  iglu: IgluSchema[]
}

/**
 * An event from its schema — unless the schema is of values that are no object (an Iglu
 * configuration's array): no event's properties can match it, so it is reported instead.
 */
function addEvent(found: Found, name: string, schema: Schema, path: string, notes: Notes): void {
  const types = typeof schema.type === 'string' ? [schema.type] : schema.type
  if (Array.isArray(types) && !types.includes('object'))
    return note(
      notes,
      'dropped',
      `${path}: a schema of type ${types.map((t) => JSON.stringify(t)).join(' or ')}, not of an event's properties (an object): not imported`,
    )
  found.events.push(eventFromSchema(name, schema, notes))
}

/** An Iglu schema, held back; one in another format than JSON Schema (Thrift, Avro) is reported. */
function addIglu(found: Found, schema: Schema, self: Schema, path: string, notes: Notes): void {
  const format = self.format ?? 'jsonschema'
  if (format !== 'jsonschema')
    return note(
      notes,
      'dropped',
      `${path}: a ${String(format)} schema, not a JSON Schema: not imported`,
    )
  found.iglu.push({ schema, vendor: String(self.vendor ?? ''), name: String(self.name), path })
}

/** One JSON value of a file: a Segment plan, an Iglu schema, a schema, a set or list of them. */
function readJson(value: unknown, file: JsonFile, found: Found, notes: Notes): void {
  if (Array.isArray(value)) return value.forEach((v) => readJson(v, file, found, notes))
  if (!isObject(value))
    return note(
      notes,
      'dropped',
      `${file.path}: not a JSON Schema (${value === null ? 'null' : typeof value})`,
    )
  const rules = findSegmentRules(value)
  if (rules) {
    const fromPlan = fromSegment(rules, notes)
    found.events.push(...fromPlan.events)
    if (fromPlan.contextProperties) found.contextProperties = fromPlan.contextProperties
    return
  }
  if (isObject(value.self) && typeof value.self.name === 'string')
    return addIglu(found, value, value.self, file.path, notes)
  if (isSchemaLike(value))
    return addEvent(found, eventName(value, file.name), value, file.path, notes)
  const entries = Object.entries(value)
  if (entries.length && entries.every(([, v]) => isSchemaLike(v))) {
    for (const [name, schema] of entries)
      addEvent(found, name, schema as Schema, `${file.path} "${name}"`, notes)
    return
  }
  note(
    notes,
    'dropped',
    `${file.path}: neither a JSON Schema, a set of them, nor a Segment Protocols plan`,
  )
}

/**
 * Iglu schemas as events: the newest version of each vendor's schema, named by `self.name` —
 * or by `vendor/name` where two vendors have a schema of that name (an Iglu schema is known
 * by both).
 */
function igluEvents(schemas: IgluSchema[], notes: Notes): (IgluSchema & { event: string })[] {
  const vendors = new Map<string, Set<string>>()
  for (const { vendor, name } of schemas)
    vendors.set(name, (vendors.get(name) ?? new Set()).add(vendor))
  for (const [name, of] of vendors)
    if (of.size > 1)
      note(
        notes,
        'note',
        `two vendors name an event "${name}": each is named by its vendor and name`,
      )
  const eventName = ({ vendor, name }: IgluSchema): string =>
    vendors.get(name)!.size > 1 ? `${vendor}/${name}` : name
  return keepNewest(
    schemas,
    { name: eventName, version: (i) => (i.schema.self as Schema).version },
    notes,
  ).map((i) => ({ ...i, event: eventName(i) }))
}

/**
 * Events from parsed JSON files: trackplan's own `export --format json-schema` (keyed by
 * event name), one JSON Schema per event (draft-07, 2020-12; named by `title`, the `event`
 * const, or the file), arrays of them, Snowplow Iglu self-describing schemas (named by
 * `self.name`, newest version kept), or a Segment Protocols plan.
 */
export function fromJson(files: readonly JsonFile[], notes: Notes): ImportedPlan {
  const found: Found = { events: [], iglu: [] }
  for (const file of files) readJson(file.value, file, found, notes)
  for (const { schema, event, path } of igluEvents(found.iglu, notes))
    addEvent(found, event, schema, path, notes)
  const { events, contextProperties } = found
  return { events, ...(contextProperties ? { contextProperties } : {}) }
}
