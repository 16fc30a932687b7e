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
  email: { zod: 'z.email()', caveat: "zod's email rules are not ajv-formats' in edge cases" },
  uri: { zod: 'z.url()', caveat: 'z.url() accepts what the URL parser does, not RFC 3986 as such' },
  url: { zod: 'z.url()', caveat: 'z.url() accepts any scheme the URL parser does (ftp:, mailto:)' },
  uuid: { zod: 'z.guid()', caveat: 'z.guid() takes no "urn:uuid:" prefix' },
  'date-time': {
    zod: 'z.iso.datetime({ offset: true })',
    caveat: 'z.iso.datetime() takes no leap second, lowercase t/z, space separator or +hhmm offset',
  },
  date: { zod: 'z.iso.date()' },
  time: {
    zod: 'z.iso.time()',
    caveat: 'z.iso.time() takes a time without its offset; JSON Schema requires one',
  },
  ipv4: { zod: 'z.ipv4()' },
  ipv6: { zod: 'z.ipv6()' },
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

/** Is the schema's range within the integers a JS number holds exactly (as `.int()` requires)? */
const withinSafeIntegers = (schema: Schema): boolean =>
  [schema.minimum, schema.exclusiveMinimum].some(
    (n) => typeof n === 'number' && n >= -Number.MAX_SAFE_INTEGER,
  ) &&
  [schema.maximum, schema.exclusiveMaximum].some(
    (n) => typeof n === 'number' && n <= Number.MAX_SAFE_INTEGER,
  )

/** Numbers: bounds (draft-04's boolean `exclusiveMinimum` too), `multipleOf`. */
export function zodNumber({ type, schema, at }: TypeInput): string {
  if (type === 'integer' && !withinSafeIntegers(schema))
    note(
      at.notes,
      'note',
      'z.number().int() takes integers up to 2^53 − 1 (Number.MAX_SAFE_INTEGER) only; JSON Schema any',
      at.event,
      at.path,
    )
  if (typeof schema.multipleOf === 'number')
    note(
      at.notes,
      'note',
      "zod's .multipleOf() works in decimals (0.3 is a multiple of 0.1, ajv says not) and takes a number below 1e-15 for 0",
      at.event,
      at.path,
    )
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

/** `patternProperties`: a loose record per pattern, whose keys' values must meet its schema. */
function patternParts(input: TypeInput, patterns: [string, unknown][]): string[] {
  const { at } = input
  return patterns.flatMap(([pattern, child]) => {
    const regex = regexLiteral(pattern)
    if (!regex) {
      noteDropped(at, `patternProperties ${literal(pattern)} (no unicode regular expression)`)
      return []
    }
    const value = subschema(input, child, inside(at, `.${pattern}`))
    return [`z.looseRecord(z.string().regex(${regex}), ${value})`]
  })
}

/**
 * `additionalProperties: false` as a check of every key: listed, or matching a pattern.
 * Written so where `z.strictObject` cannot be: beside patterns, and inside `.and()`, which
 * in zod drops a key one side rejects when the other side takes it (JSON Schema's `allOf`
 * rejects it).
 */
function closedKeys(listed: Schema, patterns: [string, unknown][]): string {
  const names = Object.keys(listed).map(literal)
  const tests = [
    ...(names.length ? [`[${names.join(', ')}].includes(key)`] : []),
    ...patterns.flatMap(([p]) => {
      const regex = regexLiteral(p)
      return regex ? [`${regex}.test(key)`] : []
    }),
  ]
  const test = tests.length ? tests.join(' || ') : 'false'
  return `z.record(z.string(), z.json()).refine((value) => Object.keys(value).every((key) => ${test}), 'no other properties')`
}

/**
 * Objects: `properties` (`false` forbids a key), `required` (a name without a property is
 * any value, or what `additionalProperties` allows), `additionalProperties` (`false`: a
 * strict object, or `closedKeys`; a schema: the catch-all), and `patternProperties`.
 */
export function zodObject(input: TypeInput): string {
  const { schema, at } = input
  const sub = (s: unknown, place: ZodPlace): string => subschema(input, s, place)
  const required = requiredNames(schema)
  const listed = isObject(schema.properties) ? schema.properties : {}
  const patterns = isObject(schema.patternProperties)
    ? Object.entries(schema.patternProperties)
    : []
  if (patterns.length && isObject(schema.additionalProperties))
    noteDropped(at, '"additionalProperties" beside "patternProperties"')
  // beside patterns, `additionalProperties` applies to the keys no pattern matches: below
  const additional = patterns.length ? undefined : schema.additionalProperties
  const closed = schema.additionalProperties === false
  const strict = closed && !patterns.length && !at.conjoined
  const extra = (path: string): string =>
    additional === false ? 'z.never()' : sub(additional, inside(at, path))
  const fields = Object.entries(listed)
    .filter(([, child]) => isSubschema(child))
    .map(([key, child]) => {
      const zod = sub(child, inside(at, `.${key}`))
      if (!required.has(key) && key !== '__proto__' && key in Object.prototype)
        note(
          at.notes,
          'note',
          `zod reads a missing "${key}" from Object.prototype: an object without it is rejected`,
          at.event,
          `${at.path}.${key}`,
        )
      return `${propertyKey(key)}: ${zod}${required.has(key) ? '' : '.optional()'}`
    })
  for (const name of required)
    if (!Object.hasOwn(listed, name)) fields.push(`${propertyKey(name)}: ${extra(`.${name}`)}`)
  const parts = patternParts(input, patterns)
  if (closed && !strict) parts.push(closedKeys(listed, patterns))
  if (fields.length || strict || isSubschema(additional) || !parts.length) {
    const shape = fields.length ? `{ ${fields.join(', ')} }` : '{}'
    parts.unshift(
      fields.length === 0 && !strict
        ? `z.record(z.string(), ${isSubschema(additional) && !closed ? extra('.*') : 'z.json()'})`
        : `${strict ? 'z.strictObject' : 'z.object'}(${shape})` +
            (isObject(additional) ? `.catchall(${extra('.*')})` : ''),
    )
  }
  return parts.reduce((all, part) => `${all}.and(${part})`)
}
