import { literal, propertyKey } from './literal'
import { note, type Notes } from './model'
import { ANNOTATIONS, isObject, requiredNames, type Schema } from './schema'

/** Where a schema is, for the notes: its event, and its path in the event's properties. */
export interface ZodPlace {
  event: string
  path: string
  notes: Notes
}

/** What the zod expression of one JSON type is made of, and the keywords it has read. */
interface TypeInput {
  type: string
  schema: Schema
  at: ZodPlace
  handled: Set<string>
}

/** The keywords `toZod` reads itself, before the type's own. */
const TO_ZOD_KEYWORDS = [
  'type',
  'enum',
  'const',
  'description',
  'anyOf',
  'oneOf',
  'allOf',
  ...ANNOTATIONS,
]

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
const json = (value: unknown): string =>
  typeof value === 'string' ? literal(value) : JSON.stringify(value)
const inside = (at: ZodPlace, step: string): ZodPlace => ({ ...at, path: `${at.path}${step}` })

function noteDropped(at: ZodPlace, what: string): void {
  note(
    at.notes,
    'dropped',
    `${what} was not imported (no plan or zod equivalent here)`,
    at.event,
    at.path,
  )
}

/** A bound's method call (`.min(3)`) when the schema sets it; read either way. */
function bound({ schema, handled }: TypeInput, keyword: string, method: string): string {
  handled.add(keyword)
  return typeof schema[keyword] === 'number' ? `.${method}(${schema[keyword]})` : ''
}

function zodString(input: TypeInput): string {
  const { schema, at, handled } = input
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined
  handled.add('format')
  if (typeof schema.format === 'string' && !format) noteDropped(at, `format "${schema.format}"`)
  let expr = format ?? 'z.string()'
  expr += bound(input, 'minLength', 'min') + bound(input, 'maxLength', 'max')
  handled.add('pattern')
  if (typeof schema.pattern === 'string') expr += `.regex(${regex(schema.pattern)})`
  return expr
}

const zodNumber = (input: TypeInput): string =>
  (input.type === 'integer' ? 'z.number().int()' : 'z.number()') +
  bound(input, 'minimum', 'min') +
  bound(input, 'maximum', 'max') +
  bound(input, 'exclusiveMinimum', 'gt') +
  bound(input, 'exclusiveMaximum', 'lt') +
  bound(input, 'multipleOf', 'multipleOf')

function zodArray(input: TypeInput): string {
  const { schema, at, handled } = input
  handled.add('items')
  if (Array.isArray(schema.items)) noteDropped(at, 'tuple "items"')
  const items = isObject(schema.items) ? toZod(schema.items, inside(at, '[]')) : 'z.unknown()'
  return `z.array(${items})` + bound(input, 'minItems', 'min') + bound(input, 'maxItems', 'max')
}

function zodObject({ schema, at, handled }: TypeInput): string {
  handled.add('properties').add('required').add('additionalProperties')
  const required = requiredNames(schema)
  let expr: string
  if (isObject(schema.properties)) {
    const fields = Object.entries(schema.properties)
      .filter(([, child]) => isObject(child))
      .map(([key, child]) => {
        const zod = toZod(child as Schema, inside(at, `.${key}`))
        return `${propertyKey(key)}: ${zod}${required.has(key) ? '' : '.optional()'}`
      })
    const object = schema.additionalProperties === false ? 'z.strictObject' : 'z.object'
    expr = `${object}({ ${fields.join(', ')} })`
  } else {
    const values = isObject(schema.additionalProperties)
      ? toZod(schema.additionalProperties, inside(at, '.*'))
      : 'z.unknown()'
    expr = `z.record(z.string(), ${values})`
  }
  if (isObject(schema.additionalProperties) && isObject(schema.properties))
    noteDropped(at, '"additionalProperties" as a schema beside "properties"')
  return expr
}

/** The zod expression of each JSON type, with its bounds and format. */
const ZOD_OF_TYPE: Record<string, (input: TypeInput) => string> = {
  string: zodString,
  number: zodNumber,
  integer: zodNumber,
  boolean: () => 'z.boolean()',
  null: () => 'z.null()',
  array: zodArray,
  object: zodObject,
}

/** `enum`: a zod enum of strings, or literals; `null` among them makes it nullable. */
function zodEnum(schema: Schema, values: unknown[], at: ZodPlace): string {
  const nonNull = values.filter((v) => v !== null)
  let expr =
    nonNull.every((v) => typeof v === 'string') && nonNull.length
      ? `z.enum([${nonNull.map(json).join(', ')}])`
      : nonNull.length === 1
        ? `z.literal(${json(nonNull[0])})`
        : `z.union([${nonNull.map((v) => `z.literal(${json(v)})`).join(', ')}])`
  if (nonNull.length !== values.length) expr += '.nullable()'
  for (const key of Object.keys(schema))
    if (!TO_ZOD_KEYWORDS.includes(key)) noteDropped(at, `"${key}"`)
  return expr
}

/** `anyOf` or `oneOf`: a zod union. */
function zodUnion(schema: Schema, alternatives: unknown[], at: ZodPlace): string {
  if (schema.oneOf)
    note(
      at.notes,
      'note',
      'oneOf became a zod union, which accepts a value matching several alternatives',
      at.event,
      at.path,
    )
  const parts = alternatives.filter(isObject).map((s, i) => toZod(s, inside(at, `|${i}`)))
  return parts.length === 1 ? parts[0]! : `z.union([${parts.join(', ')}])`
}

/** `allOf`: each part `.and()` the next. */
function zodIntersection(parts: unknown[], at: ZodPlace): string {
  const zods = parts.filter(isObject).map((s, i) => toZod(s, inside(at, `&${i}`)))
  return zods.length ? zods.reduce((a, b) => `${a}.and(${b})`) : 'z.unknown()'
}

/** `type`: one type's expression, a union of several, nullable when `null` is among them. */
function zodOfTypes(schema: Schema, at: ZodPlace): string {
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : []
  const nullable = (expr: string): string =>
    types.includes('null') && types.length > 1 ? `${expr}.nullable()` : expr
  const kinds = types.filter((t) => t !== 'null')
  if (kinds.length > 1) {
    const each = kinds.map((type) => toZod({ ...schema, type, description: undefined }, at))
    return nullable(`z.union([${each.join(', ')}])`)
  }
  const type = kinds[0] ?? (types[0] === 'null' ? 'null' : undefined)
  const handled = new Set(TO_ZOD_KEYWORDS)
  let expr = 'z.unknown()'
  if (type !== undefined && Object.hasOwn(ZOD_OF_TYPE, type))
    expr = ZOD_OF_TYPE[type]!({ type, schema, at, handled })
  else if (type !== undefined) noteDropped(at, `type "${type}"`)
  for (const key of Object.keys(schema)) if (!handled.has(key)) noteDropped(at, `"${key}"`)
  return nullable(expr)
}

/** A zod expression for a schema; what zod cannot say either is reported, by path. */
export function toZod(schema: Schema, at: ZodPlace): string {
  if (typeof schema.$ref === 'string') {
    noteDropped(at, `$ref "${schema.$ref}"`)
    return 'z.unknown()'
  }
  const alternatives = (schema.anyOf ?? schema.oneOf) as unknown
  const expr = Array.isArray(schema.enum)
    ? zodEnum(schema, schema.enum, at)
    : schema.const !== undefined
      ? `z.literal(${json(schema.const)})`
      : Array.isArray(alternatives)
        ? zodUnion(schema, alternatives, at)
        : Array.isArray(schema.allOf)
          ? zodIntersection(schema.allOf, at)
          : zodOfTypes(schema, at)
  return typeof schema.description === 'string' && schema.description
    ? `${expr}.describe(${literal(schema.description)})`
    : expr
}
