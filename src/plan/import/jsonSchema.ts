import type { JsonValue } from '../../core/event'
import type { PropertyType } from '../types'
import { TYPE_CHECKS } from '../validate'
import {
  note,
  type ImportedEvent,
  type ImportedPlan,
  type ImportedProperty,
  type Notes,
} from './model'

type Schema = { [key: string]: unknown }

const isObject = (v: unknown): v is Schema =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
/** One of the plan's property types (the runtime check's own list). */
const isType = (t: unknown): t is PropertyType =>
  typeof t === 'string' && Object.hasOwn(TYPE_CHECKS, t)
/** Keywords that only describe: read where they matter, never reported. */
const ANNOTATIONS = new Set(['title', '$schema', '$id', '$comment', 'self', 'id'])
const PLAIN = new Set([
  'type',
  'enum',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'items',
  ...ANNOTATIONS,
])

/** A string as a TypeScript literal. */
export const literal = (value: string): string =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`
const json = (value: unknown): string =>
  typeof value === 'string' ? literal(value) : JSON.stringify(value)

/** The one JSON type of a schema (from `type`, or from a uniform enum), if it has exactly one. */
function singleType(schema: Schema): PropertyType | undefined {
  if (typeof schema.type === 'string') return isType(schema.type) ? schema.type : undefined
  if (schema.type === undefined && Array.isArray(schema.enum) && schema.enum.length) {
    const kinds = new Set(
      schema.enum.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)),
    )
    const [kind] = kinds
    if (kinds.size === 1 && isType(kind))
      return kind === 'number' && schema.enum.every((v) => Number.isInteger(v)) ? 'integer' : kind
  }
  return undefined
}

/** Why a schema cannot be a plain spec: the keywords, or an empty list when it can. */
function blockers(schema: Schema): string[] {
  const out: string[] = []
  if (!singleType(schema))
    out.push(
      Array.isArray(schema.type)
        ? `type ${JSON.stringify(schema.type)}`
        : schema.type === undefined
          ? 'no type'
          : `type "${String(schema.type)}"`,
    )
  for (const key of Object.keys(schema)) if (!PLAIN.has(key)) out.push(key)
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) out.push('null in enum')
  if (schema.additionalProperties !== undefined && typeof schema.additionalProperties !== 'boolean')
    out.push('additionalProperties schema')
  if (schema.items !== undefined && !isObject(schema.items)) out.push('tuple items')
  if (isObject(schema.properties))
    for (const [key, child] of Object.entries(schema.properties))
      if (isObject(child) && blockers(child).length)
        out.push(`${key}: ${blockers(child).join(', ')}`)
  if (isObject(schema.items) && blockers(schema.items).length)
    out.push(`items: ${blockers(schema.items).join(', ')}`)
  return out
}

/** A plain spec (the schema has no blockers). */
function plain(schema: Schema): ImportedProperty {
  const spec: ImportedProperty = { type: singleType(schema)! }
  if (Array.isArray(schema.enum)) spec.enum = schema.enum as JsonValue[]
  if (typeof schema.description === 'string' && schema.description)
    spec.description = schema.description
  if (isObject(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
    spec.properties = Object.entries(schema.properties)
      .filter(([, c]) => isObject(c))
      .map(([key, child]) => {
        const p = plain(child as Schema)
        return [key, required.has(key) ? { ...p, required: true } : p]
      })
  }
  if (schema.additionalProperties === false) spec.additionalProperties = false
  if (isObject(schema.items)) spec.items = plain(schema.items)
  return spec
}

const FORMATS: Record<string, string> = {
  email: 'z.email()',
  uri: 'z.url()',
  url: 'z.url()',
  uuid: 'z.uuid()',
  'date-time': 'z.iso.datetime()',
  date: 'z.iso.date()',
  time: 'z.iso.time()',
  ipv4: 'z.ipv4()',
  ipv6: 'z.ipv6()',
}
const regex = (pattern: string): string => `/${pattern.replace(/\//g, '\\/')}/`

type ZodAt = { event: string; path: string; notes: Notes }

/** What dropping a keyword says, at a schema's path. */
const dropper =
  (at: ZodAt) =>
  (what: string): void =>
    note(
      at.notes,
      'dropped',
      `${what} was not imported (no plan or zod equivalent here)`,
      at.event,
      at.path,
    )

/** The zod expression of one JSON type, with its bounds and format; the keywords it reads are added to `handled`. */
function ofType(type: string | undefined, schema: Schema, at: ZodAt, handled: Set<string>): string {
  const drop = dropper(at)
  let expr: string
  const bound = (key: string, method: string): string => {
    handled.add(key)
    return typeof schema[key] === 'number' ? `.${method}(${schema[key]})` : ''
  }
  switch (type) {
    case 'string': {
      const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined
      handled.add('format')
      if (typeof schema.format === 'string' && !format) drop(`format "${schema.format}"`)
      expr = format ?? 'z.string()'
      expr += bound('minLength', 'min') + bound('maxLength', 'max')
      handled.add('pattern')
      if (typeof schema.pattern === 'string') expr += `.regex(${regex(schema.pattern)})`
      break
    }
    case 'number':
    case 'integer':
      expr = type === 'integer' ? 'z.number().int()' : 'z.number()'
      expr +=
        bound('minimum', 'min') +
        bound('maximum', 'max') +
        bound('exclusiveMinimum', 'gt') +
        bound('exclusiveMaximum', 'lt') +
        bound('multipleOf', 'multipleOf')
      break
    case 'boolean':
      expr = 'z.boolean()'
      break
    case 'null':
      expr = 'z.null()'
      break
    case 'array': {
      handled.add('items')
      if (Array.isArray(schema.items)) drop('tuple "items"')
      expr = `z.array(${isObject(schema.items) ? toZod(schema.items, { ...at, path: `${at.path}[]` }) : 'z.unknown()'})`
      expr += bound('minItems', 'min') + bound('maxItems', 'max')
      break
    }
    case 'object': {
      handled.add('properties').add('required').add('additionalProperties')
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
      if (isObject(schema.properties)) {
        const fields = Object.entries(schema.properties)
          .filter(([, c]) => isObject(c))
          .map(
            ([key, child]) =>
              `${propertyKey(key)}: ${toZod(child as Schema, { ...at, path: `${at.path}.${key}` })}${required.has(key) ? '' : '.optional()'}`,
          )
        expr = `${schema.additionalProperties === false ? 'z.strictObject' : 'z.object'}({ ${fields.join(', ')} })`
      } else {
        expr = `z.record(z.string(), ${isObject(schema.additionalProperties) ? toZod(schema.additionalProperties, { ...at, path: `${at.path}.*` }) : 'z.unknown()'})`
      }
      if (isObject(schema.additionalProperties) && isObject(schema.properties))
        drop('"additionalProperties" as a schema beside "properties"')
      break
    }
    default:
      expr = type === undefined ? 'z.unknown()' : (drop(`type "${type}"`), 'z.unknown()')
  }
  return expr
}

/** A zod expression for a schema; what zod cannot say either is reported, by path. */
function toZod(schema: Schema, at: ZodAt): string {
  const drop = dropper(at)
  const handled = new Set([
    'type',
    'enum',
    'const',
    'description',
    'anyOf',
    'oneOf',
    'allOf',
    ...ANNOTATIONS,
  ])
  let expr: string
  const describe = (e: string): string =>
    typeof schema.description === 'string' && schema.description
      ? `${e}.describe(${literal(schema.description)})`
      : e
  if (typeof schema.$ref === 'string') {
    drop(`$ref "${schema.$ref}"`)
    return 'z.unknown()'
  }
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((v) => v !== null)
    expr =
      values.every((v) => typeof v === 'string') && values.length
        ? `z.enum([${values.map(json).join(', ')}])`
        : values.length === 1
          ? `z.literal(${json(values[0])})`
          : `z.union([${values.map((v) => `z.literal(${json(v)})`).join(', ')}])`
    if (values.length !== schema.enum.length) expr += '.nullable()'
    for (const key of Object.keys(schema)) if (!handled.has(key) && key !== 'type') drop(`"${key}"`)
    return describe(expr)
  }
  if (schema.const !== undefined) return describe(`z.literal(${json(schema.const)})`)
  const alternatives = (schema.anyOf ?? schema.oneOf) as unknown
  if (Array.isArray(alternatives)) {
    if (schema.oneOf)
      note(
        at.notes,
        'note',
        'oneOf became a zod union, which accepts a value matching several alternatives',
        at.event,
        at.path,
      )
    const parts = alternatives
      .filter(isObject)
      .map((s, i) => toZod(s, { ...at, path: `${at.path}|${i}` }))
    return describe(parts.length === 1 ? parts[0]! : `z.union([${parts.join(', ')}])`)
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf
      .filter(isObject)
      .map((s, i) => toZod(s, { ...at, path: `${at.path}&${i}` }))
    return describe(parts.length ? parts.reduce((a, b) => `${a}.and(${b})`) : 'z.unknown()')
  }
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : []
  const nullable = types.includes('null') && types.length > 1
  const kinds = types.filter((t) => t !== 'null')
  if (kinds.length > 1) {
    expr = `z.union([${kinds.map((t) => toZod({ ...schema, type: t, description: undefined }, at)).join(', ')}])`
    return describe(nullable ? `${expr}.nullable()` : expr)
  }
  const type = kinds[0] ?? (types[0] === 'null' ? 'null' : undefined)
  expr = ofType(type, schema, at, handled)
  for (const key of Object.keys(schema)) if (!handled.has(key)) drop(`"${key}"`)
  return describe(nullable ? `${expr}.nullable()` : expr)
}

/** An object key as TypeScript writes it. */
export const propertyKey = (key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? key : literal(key)

/** One property: plain where it can be, zod where a keyword needs it (reported as such). */
function property(
  schema: Schema,
  required: boolean,
  event: string,
  name: string,
  notes: Notes,
): ImportedProperty {
  const blocked = blockers(schema)
  if (blocked.length === 0) return required ? { ...plain(schema), required: true } : plain(schema)
  note(notes, 'schema', blocked.join('; '), event, name)
  const zod = toZod(schema, { event, path: name, notes })
  return { zod: required ? zod : `${zod}.optional()`, ...(required ? { required: true } : {}) }
}

/** The schema of an event's properties, inside a whole-call schema (trackplan's export, Segment's rules) or given directly. */
function propertiesSchema(schema: Schema): Schema {
  const inner = isObject(schema.properties) ? schema.properties.properties : undefined
  return isObject(inner) && (inner.type === 'object' || isObject(inner.properties)) ? inner : schema
}

function properties(schema: Schema, event: string, notes: Notes): [string, ImportedProperty][] {
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  return Object.entries(isObject(schema.properties) ? schema.properties : {})
    .filter(([, child]) => isObject(child))
    .map(([name, child]) => [
      name,
      property(child as Schema, required.has(name), event, name, notes),
    ])
}

/** One event from a JSON Schema (of its properties, or of a whole track call). */
function event(name: string, schema: Schema, notes: Notes, description?: string): ImportedEvent {
  const props = propertiesSchema(schema)
  // a whole-call schema may also rule on the call's context or traits: not part of a plan
  if (props !== schema && isObject(schema.properties)) {
    for (const [key, rule] of Object.entries(schema.properties)) {
      if (
        key !== 'properties' &&
        key !== 'event' &&
        isObject(rule) &&
        Object.keys(rule).some(
          (k) =>
            k !== 'type' &&
            !(
              k === 'properties' &&
              isObject(rule.properties) &&
              Object.keys(rule.properties).length === 0
            ),
        )
      ) {
        note(
          notes,
          'dropped',
          `the rules on the call's "${key}" were not imported: a plan describes event properties`,
          name,
        )
      }
    }
  }
  const out: ImportedEvent = { name, properties: properties(props, name, notes) }
  const text =
    description ?? (typeof schema.description === 'string' ? schema.description : undefined)
  if (text) out.description = text
  if (props.additionalProperties === false) out.additionalProperties = false
  for (const key of Object.keys(props)) {
    if (
      ![
        'type',
        'properties',
        'required',
        'additionalProperties',
        'description',
        ...ANNOTATIONS,
      ].includes(key)
    ) {
      note(notes, 'dropped', `"${key}" on the event's properties was not imported`, name)
    }
  }
  return out
}

const isSchemaLike = (v: unknown): v is Schema =>
  isObject(v) && (typeof v.$schema === 'string' || v.type === 'object' || isObject(v.properties))
const version = (v: unknown): number[] =>
  String(v ?? '0')
    .split(/[-.]/)
    .map((n) => Number(n) || 0)
const newer = (a: unknown, b: unknown): boolean => {
  const [x, y] = [version(a), version(b)]
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0)
  return false
}

/** Keeps the newest version of each name; the others are reported. */
function newest<T>(items: T[], name: (t: T) => string, ver: (t: T) => unknown, notes: Notes): T[] {
  const kept = new Map<string, T>()
  for (const item of items) {
    const seen = kept.get(name(item))
    if (!seen) kept.set(name(item), item)
    else {
      const [win, lose] = newer(ver(item), ver(seen)) ? [item, seen] : [seen, item]
      kept.set(name(item), win)
      note(
        notes,
        'note',
        `version ${String(ver(lose))} was not imported: version ${String(ver(win))} is newer`,
        name(item),
      )
    }
  }
  return [...kept.values()]
}

export type JsonFormat = 'json-schema' | 'segment-protocols'

type SegmentRules = { api: 'config'; rules: Schema } | { api: 'public'; rules: unknown[] }

/** Where a Segment Protocols plan keeps its rules: the Config API's `rules.events[]`, or the Public API's `rules[]` (`type`, `key`, `jsonSchema`). */
function segmentRules(value: Schema): SegmentRules | undefined {
  for (const b of [
    value,
    value.tracking_plan,
    value.trackingPlan,
    value.data,
    isObject(value.data) ? value.data.trackingPlan : undefined,
  ]) {
    if (!isObject(b)) continue
    const rules = b.rules
    if (isObject(rules) && Array.isArray(rules.events)) return { api: 'config', rules }
    if (Array.isArray(rules) && rules.some((r) => isObject(r) && ('key' in r || 'jsonSchema' in r)))
      return { api: 'public', rules }
  }
  return undefined
}

/** A Segment Protocols plan's events (newest version of each) and its common rules as context properties. */
function segment({ api, rules }: SegmentRules, notes: Notes): ImportedPlan {
  if (api === 'config') {
    const list = newest(
      (rules.events as unknown[]).filter(isObject),
      (e) => String(e.name),
      (e) => e.version,
      notes,
    )
    const plan: ImportedPlan = {
      events: list.map((e) =>
        event(
          String(e.name),
          isObject(e.rules) ? e.rules : {},
          notes,
          typeof e.description === 'string' && e.description ? e.description : undefined,
        ),
      ),
    }
    if (isObject(rules.global))
      plan.contextProperties = properties(
        propertiesSchema(rules.global),
        '(context properties)',
        notes,
      )
    for (const other of ['identify', 'group'])
      if (isObject(rules[other]))
        note(notes, 'dropped', `the ${other} rules were not imported: a plan lists track events`)
    return plan
  }
  const all = rules.filter(isObject)
  const track = newest(
    all.filter((r) => String(r.type ?? 'TRACK').toUpperCase() === 'TRACK'),
    (r) => String(r.key),
    (r) => r.version,
    notes,
  )
  const plan: ImportedPlan = {
    events: track.map((r) =>
      event(String(r.key), isObject(r.jsonSchema) ? r.jsonSchema : {}, notes),
    ),
  }
  const common = all.find((r) => String(r.type).toUpperCase() === 'COMMON')
  if (common && isObject(common.jsonSchema))
    plan.contextProperties = properties(
      propertiesSchema(common.jsonSchema),
      '(context properties)',
      notes,
    )
  for (const r of all) {
    const type = String(r.type ?? 'TRACK').toUpperCase()
    if (type !== 'TRACK' && type !== 'COMMON')
      note(
        notes,
        'dropped',
        `the ${type} rule${r.key ? ` "${String(r.key)}"` : ''} was not imported: a plan lists track events`,
      )
  }
  return plan
}

/** Does this JSON look like a Segment Protocols tracking plan? (Finds its rules; reads none of them.) */
export const isSegment = (value: unknown): boolean =>
  isObject(value) && segmentRules(value) !== undefined

/**
 * Events from parsed JSON files: trackplan's own `export --format json-schema` (keyed by
 * event name), one JSON Schema per event (draft-07, 2020-12; named by `title`, the `event`
 * const, or the file), arrays of them, Snowplow Iglu self-describing schemas (named by
 * `self.name`, newest version kept), or a Segment Protocols plan.
 */
export function fromJson(
  files: readonly { name: string; value: unknown }[],
  notes: Notes,
): ImportedPlan {
  const events: ImportedEvent[] = []
  let contextProperties: [string, ImportedProperty][] | undefined
  const iglu: { schema: Schema; name: string }[] = []
  const visit = (value: unknown, file: string): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, file))
    if (!isObject(value))
      return note(
        notes,
        'dropped',
        `${file}: not a JSON Schema (${value === null ? 'null' : typeof value})`,
      )
    const rules = segmentRules(value)
    if (rules) {
      const fromSegment = segment(rules, notes)
      events.push(...fromSegment.events)
      if (fromSegment.contextProperties) contextProperties = fromSegment.contextProperties
      return
    }
    if (isObject(value.self) && typeof value.self.name === 'string')
      return void iglu.push({ schema: value, name: value.self.name })
    if (isSchemaLike(value)) {
      const inner =
        isObject(value.properties) && isObject(value.properties.event)
          ? value.properties.event.const
          : undefined
      const name =
        typeof value.title === 'string' && value.title
          ? value.title
          : typeof inner === 'string'
            ? inner
            : file
      return void events.push(event(name, value, notes))
    }
    const entries = Object.entries(value)
    if (entries.length && entries.every(([, v]) => isSchemaLike(v))) {
      for (const [name, schema] of entries) events.push(event(name, schema as Schema, notes))
      return
    }
    note(
      notes,
      'dropped',
      `${file}: neither a JSON Schema, a set of them, nor a Segment Protocols plan`,
    )
  }
  for (const file of files) visit(file.value, file.name)
  for (const { schema, name } of newest(
    iglu,
    (i) => i.name,
    (i) => (i.schema.self as Schema).version,
    notes,
  )) {
    events.push(event(name, schema, notes))
  }
  return { events, ...(contextProperties ? { contextProperties } : {}) }
}
