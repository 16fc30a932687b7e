import { literal, propertyKey } from './literal'
import { note } from './model'
import { regexLiteral } from './regex'
import { isObject, isSubschema, requiredNames, type Schema } from './schema'
import { inside, noteDropped, type ZodPlace } from './zodPlace'

/** One JSON type's part of a schema: the type, the schema, where it is, and `toZod` for its subschemas. */
export interface TypeInput {
  type: string
  schema: Schema
  at: ZodPlace
  toZod: (schema: Schema | boolean, at: ZodPlace) => string
}

/**
 * `format` in zod. `caveat`: where zod's check is not ajv-formats' (the import notes it on
 * the property).
 */
const FORMATS: Record<string, { zod: string; caveat?: string }> = {
  email: { zod: 'z.email()', caveat: "zod's email rules are not ajv's (RFC 5321) in edge cases" },
  uri: {
    zod: 'z.url()',
    caveat: "z.url() accepts what the URL parser does, not RFC 3986's grammar",
  },
  url: { zod: 'z.url()' },
  uuid: { zod: 'z.uuid()', caveat: 'z.uuid() accepts RFC 9562 versions and variants only' },
  'date-time': {
    zod: 'z.iso.datetime({ offset: true })',
    caveat: 'z.iso.datetime() accepts no leap second and no lowercase t/z',
  },
  date: { zod: 'z.iso.date()' },
  time: { zod: 'z.iso.time()', caveat: 'z.iso.time() takes no time-zone offset' },
  ipv4: { zod: 'z.ipv4()' },
  ipv6: { zod: 'z.ipv6()', caveat: "zod's IPv6 rules are not ajv's in edge cases" },
}

/** A bound's method call (`.min(3)`) when the schema sets it. */
const bound = (schema: Schema, keyword: string, method: string): string =>
  typeof schema[keyword] === 'number' ? `.${method}(${String(schema[keyword])})` : ''

export function zodString({ schema, at }: TypeInput): string {
  let expr = 'z.string()'
  if (typeof schema.format === 'string') {
    const format = Object.hasOwn(FORMATS, schema.format) ? FORMATS[schema.format] : undefined
    if (!format) noteDropped(at, `format "${schema.format}"`)
    else {
      expr = format.zod
      if (format.caveat)
        note(at.notes, 'note', `format "${schema.format}": ${format.caveat}`, at.event, at.path)
    }
  }
  expr += bound(schema, 'minLength', 'min') + bound(schema, 'maxLength', 'max')
  if (typeof schema.pattern === 'string') {
    const regex = regexLiteral(schema.pattern)
    if (regex) expr += `.regex(${regex})`
    else noteDropped(at, `pattern ${literal(schema.pattern)} (no unicode regular expression)`)
  }
  return expr
}

/** Numbers: bounds (draft-04's boolean `exclusiveMinimum` too), `multipleOf`. */
export function zodNumber({ type, schema }: TypeInput): string {
  const lower = schema.exclusiveMinimum === true ? 'gt' : 'min'
  const upper = schema.exclusiveMaximum === true ? 'lt' : 'max'
  return (
    (type === 'integer' ? 'z.number().int()' : 'z.number()') +
    bound(schema, 'minimum', lower) +
    bound(schema, 'maximum', upper) +
    bound(schema, 'exclusiveMinimum', 'gt') +
    bound(schema, 'exclusiveMaximum', 'lt') +
    bound(schema, 'multipleOf', 'multipleOf')
  )
}

/** A subschema (`true`/`false` included) in zod, or any JSON value where there is none. */
const subschema = (input: TypeInput, schema: unknown, at: ZodPlace): string =>
  isSubschema(schema) ? input.toZod(schema, at) : 'z.json()'

/**
 * Arrays: `items` for every item, or a tuple — `prefixItems` (2020-12) or an `items` list
 * (draft-07), shorter arrays allowed — whose rest is `items` (2020-12) or `additionalItems`.
 */
export function zodArray(input: TypeInput): string {
  const { schema, at } = input
  const sub = (s: unknown, place: ZodPlace): string => subschema(input, s, place)
  const prefix = Array.isArray(schema.items)
    ? schema.items
    : at.draft === '2020-12' && Array.isArray(schema.prefixItems)
      ? schema.prefixItems
      : undefined
  const length = bound(schema, 'minItems', 'min') + bound(schema, 'maxItems', 'max')
  if (!prefix) return `z.array(${sub(schema.items, inside(at, '[]'))})${length}`
  const items = prefix.map((s, i) => `${sub(s, inside(at, `[${i}]`))}.optional()`)
  const restSchema = Array.isArray(schema.items) ? schema.additionalItems : schema.items
  const rest = restSchema === false ? '' : `.rest(${sub(restSchema, inside(at, '[]'))})`
  const checks = [
    ...(typeof schema.minItems === 'number' ? [`z.minLength(${schema.minItems})`] : []),
    ...(typeof schema.maxItems === 'number' ? [`z.maxLength(${schema.maxItems})`] : []),
  ]
  return `z.tuple([${items.join(', ')}])${rest}${checks.length ? `.check(${checks.join(', ')})` : ''}`
}

/**
 * Objects: `properties` (`false` forbids a key), `required` (a name without a property is
 * any value, or what `additionalProperties` allows), `additionalProperties` (`false`: a
 * strict object; a schema: the catch-all), and each of `patternProperties` as a loose
 * record its keys must meet.
 */
export function zodObject(input: TypeInput): string {
  const { schema, at } = input
  const sub = (s: unknown, place: ZodPlace): string => subschema(input, s, place)
  const required = requiredNames(schema)
  const listed = isObject(schema.properties) ? schema.properties : {}
  const patterns = isObject(schema.patternProperties)
    ? Object.entries(schema.patternProperties)
    : []
  const additional = patterns.length ? undefined : schema.additionalProperties
  if (patterns.length && ![undefined, true].includes(schema.additionalProperties as never))
    noteDropped(at, '"additionalProperties" beside "patternProperties"')
  const extra = (path: string): string =>
    additional === false ? 'z.never()' : sub(additional, inside(at, path))
  const fields = Object.entries(listed)
    .filter(([, child]) => isSubschema(child))
    .map(([key, child]) => {
      const zod = sub(child, inside(at, `.${key}`))
      return `${propertyKey(key)}: ${zod}${required.has(key) ? '' : '.optional()'}`
    })
  for (const name of required)
    if (!Object.hasOwn(listed, name)) fields.push(`${propertyKey(name)}: ${extra(`.${name}`)}`)
  let expr: string
  if (fields.length === 0 && !isObject(schema.properties) && additional !== false)
    expr = `z.record(z.string(), ${extra('.*')})`
  else {
    const shape = fields.length ? `{ ${fields.join(', ')} }` : '{}'
    expr = `${additional === false ? 'z.strictObject' : 'z.object'}(${shape})`
    if (isSubschema(additional) && additional !== true && additional !== false)
      expr += `.catchall(${extra('.*')})`
  }
  for (const [pattern, child] of patterns) {
    const regex = regexLiteral(pattern)
    if (!regex)
      noteDropped(at, `patternProperties ${literal(pattern)} (no unicode regular expression)`)
    else
      expr += `.and(z.looseRecord(z.string().regex(${regex}), ${sub(child, inside(at, `.${pattern}`))}))`
  }
  return expr
}
