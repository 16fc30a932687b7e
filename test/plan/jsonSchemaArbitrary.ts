// Generated JSON Schemas of an event's properties, as teams and tools write them, for the
// import's differential oracle: every keyword the import reads (types and type lists,
// enum/const, bounds, unicode patterns, formats, properties/required/additionalProperties,
// patternProperties, items/prefixItems, allOf/anyOf/oneOf, $ref into $defs/definitions,
// `true`/`false`) and a few it reports. Kept small: two levels below the event's properties.
import fc from 'fast-check'
import type { JsonValue } from '../../src/core/event'

export type Schema = { [key: string]: JsonValue }
export type Subschema = Schema | boolean
export type Draft = 'draft-07' | '2020-12'

/** Patterns with strings they match: escaped slashes, unicode classes and escapes, astral characters. */
export const PATTERNS: { pattern: string; matching: string[] }[] = [
  { pattern: '^https?:\\/\\/', matching: ['https://x.io', 'http://a'] },
  { pattern: '^\\p{Lu}', matching: ['Alice', 'Émile', 'Ωmega'] },
  { pattern: '^[a-z]+$', matching: ['abc', 'z'] },
  { pattern: '\\d{3}', matching: ['a123', '999'] },
  { pattern: '^.$', matching: ['😀', 'a'] },
  { pattern: '^\\u00e9', matching: ['été', 'é'] },
  { pattern: '^[/]a/', matching: ['/a/b', '/a/'] },
  { pattern: '^\\u{1F600}', matching: ['😀!', '😀'] },
  { pattern: '^\\S+@\\S+$', matching: ['a@b', 'me@x.io'] },
  { pattern: '', matching: ['anything', ''] },
  { pattern: '^x-', matching: ['x-a', 'x-'] },
]

/** Formats, with values each side of ajv-formats' rules (and of zod's). */
export const FORMAT_VALUES: Record<string, string[]> = {
  date: ['2024-02-29', '2023-02-29', '2024-13-01', '2024-1-01'],
  'date-time': [
    '2024-01-01T10:00:00Z',
    '2024-01-01T10:00:00.123+02:00',
    '2024-01-01t10:00:00z',
    '2016-12-31T23:59:60Z',
    '2024-01-01T10:00:00',
  ],
  time: ['10:00:00Z', '10:00:00', '10:00:00+02:00', '25:00:00Z'],
  email: ['a@b.co', 'a@b', 'a b@c.d', 'first.last@sub.example.com'],
  uri: ['https://x.io/a?b=1', 'mailto:a@b.co', 'x', 'urn:isbn:0451450523', 'http://a b'],
  url: ['https://x.io', 'ftp://x', 'x'],
  uuid: [
    '123e4567-e89b-12d3-a456-426614174000',
    '00000000-0000-0000-0000-000000000000',
    'urn:uuid:123e4567-e89b-12d3-a456-426614174000',
    '123e4567-e89b-02d3-1456-426614174000',
  ],
  ipv4: ['192.168.0.1', '256.1.1.1', '01.1.1.1', '1.2.3'],
  ipv6: ['::1', '2001:db8::1', '1::2::3', '::ffff:192.168.0.1'],
  hostname: ['example.com', '-bad-.com'],
}

/** Property names: plain ones and the ones that break naive formats. */
export const propertyName = fc.constantFrom(
  'plan',
  'price',
  'tags',
  'address',
  'Order ID',
  'a.b',
  'x-y',
  'é',
  'utm_source',
)

/**
 * Keys of nested objects: also names of Object.prototype members (the event's own
 * property names are the runtime checker's fuzz test's business, issue 33's case 13).
 */
const nestedName = fc.oneof(
  { weight: 5, arbitrary: propertyName },
  fc.constantFrom('constructor', 'toString'),
)

const DEFS = ['money', 'label'] as const
const defsKey = (draft: Draft) => (draft === '2020-12' ? '$defs' : 'definitions')

const withoutUndefined = (schema: { [key: string]: JsonValue | undefined }): Schema =>
  Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined)) as Schema

const maybe = <T>(arbitrary: fc.Arbitrary<T>, freq = 3): fc.Arbitrary<T | undefined> =>
  fc.option(arbitrary, { nil: undefined, freq })

const stringSchema = fc.record(
  {
    type: fc.constant('string'),
    minLength: fc.integer({ min: 0, max: 3 }),
    maxLength: fc.integer({ min: 1, max: 6 }),
    pattern: fc.constantFrom(...PATTERNS.map((p) => p.pattern)),
    format: fc.constantFrom(...Object.keys(FORMAT_VALUES), 'x-custom'),
  },
  { requiredKeys: ['type'] },
)

const numberSchema = fc.record(
  {
    type: fc.constantFrom('number', 'integer'),
    minimum: fc.integer({ min: -5, max: 5 }),
    maximum: fc.integer({ min: 5, max: 100 }),
    exclusiveMinimum: fc.integer({ min: -5, max: 5 }),
    exclusiveMaximum: fc.integer({ min: 5, max: 100 }),
    multipleOf: fc.constantFrom(2, 3, 0.5),
  },
  { requiredKeys: ['type'] },
)

const scalarValue: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>('free', 'pro', '', 'Émile', '😀', 0, 1, 2.5, -3, true, false, null),
  fc.string({ maxLength: 4 }),
)

const leafSchema = (draft: Draft): fc.Arbitrary<Subschema> =>
  fc.oneof(
    { weight: 4, arbitrary: stringSchema },
    { weight: 3, arbitrary: numberSchema },
    fc.constantFrom<Subschema>(
      { type: 'boolean' },
      { type: 'null' },
      { type: ['string', 'null'] },
      { type: ['integer', 'null'], minimum: 0 },
      { type: ['integer', 'string'] },
      { type: ['number', 'boolean'] },
      {},
      true,
      false,
      { minLength: 2 },
      { maximum: 3 },
      { required: ['id'] },
      { $ref: `#/${draft === '2020-12' ? '$defs' : 'definitions'}/${DEFS[0]}` },
      { $ref: `#/${draft === '2020-12' ? '$defs' : 'definitions'}/${DEFS[1]}` },
      { type: 'string', not: { const: '' } },
      { type: 'array', uniqueItems: true },
    ),
    fc
      .record({
        type: maybe(fc.constantFrom<JsonValue>('string', 'number', ['string', 'null'])),
        enum: fc.uniqueArray(scalarValue, {
          minLength: 1,
          maxLength: 4,
          selector: (v) => JSON.stringify(v),
        }),
      })
      .map(withoutUndefined),
    scalarValue.map((value) => ({ const: value })),
  )

/** A schema `depth` levels deep at most, of the given draft. */
export function subschema(draft: Draft, depth: number): fc.Arbitrary<Subschema> {
  const leaf = leafSchema(draft)
  if (depth <= 0) return leaf
  const child = subschema(draft, depth - 1)
  return fc.oneof(
    { weight: 5, arbitrary: leaf },
    { weight: 2, arbitrary: objectSchema(draft, child) },
    { weight: 2, arbitrary: arraySchema(draft, child) },
    { weight: 2, arbitrary: combinedSchema(child) },
  )
}

/** An object schema: listed, required (a name not listed at times), closed or not, patterned keys. */
function objectSchema(draft: Draft, child: fc.Arbitrary<Subschema>): fc.Arbitrary<Subschema> {
  return fc
    .record({
      type: fc.constantFrom<JsonValue | undefined>(
        'object',
        'object',
        ['object', 'null'],
        undefined,
      ),
      properties: fc.dictionary(nestedName, child, { maxKeys: 3 }),
      additionalProperties: maybe(fc.oneof(fc.boolean(), child), 2),
      patternProperties: maybe(
        fc.dictionary(fc.constantFrom('^x-', '^\\p{Lu}'), child, { minKeys: 1, maxKeys: 1 }),
        1,
      ),
      alsoRequired: maybe(fc.constantFrom('id', 'plan'), 2),
    })
    .chain(({ alsoRequired, ...schema }) =>
      fc.subarray(Object.keys(schema.properties)).map((required) =>
        withoutUndefined({
          ...schema,
          required: [...new Set(alsoRequired ? [...required, alsoRequired] : required)],
        }),
      ),
    )
    .map((schema) => schema)
}

/** An array schema: `items`, or a tuple (`prefixItems` in 2020-12, an `items` list before). */
function arraySchema(draft: Draft, child: fc.Arbitrary<Subschema>): fc.Arbitrary<Subschema> {
  const bounds = {
    minItems: maybe(fc.integer({ min: 0, max: 2 }), 1),
    maxItems: maybe(fc.integer({ min: 1, max: 3 }), 1),
  }
  const tuple = fc.array(child, { minLength: 1, maxLength: 2 })
  return fc.oneof(
    fc.record({ type: fc.constant('array'), items: child, ...bounds }).map(withoutUndefined),
    draft === '2020-12'
      ? fc
          .record({
            type: fc.constant('array'),
            prefixItems: tuple,
            items: maybe(child),
            ...bounds,
          })
          .map(withoutUndefined)
      : fc
          .record({
            type: fc.constant('array'),
            items: tuple,
            additionalItems: maybe(child),
            ...bounds,
          })
          .map(withoutUndefined),
  )
}

/** `allOf`/`anyOf`/`oneOf`, with keywords beside them at times (issue 33's case 7). */
function combinedSchema(child: fc.Arbitrary<Subschema>): fc.Arbitrary<Subschema> {
  return fc
    .record({
      keyword: fc.constantFrom('allOf', 'anyOf', 'oneOf'),
      parts: fc.array(child, { minLength: 1, maxLength: 3 }),
      beside: fc.constantFrom<Schema>(
        {},
        {},
        { type: 'string', minLength: 2 },
        { type: 'integer' },
        { type: 'object', required: ['plan'] },
        { type: 'object', properties: { plan: { type: 'string' } }, additionalProperties: false },
        { description: 'either' },
      ),
    })
    .map(({ keyword, parts, beside }) => ({ ...beside, [keyword]: parts }))
}

/** The document of an event's properties: its draft, its definitions, its properties. */
export interface GeneratedEvent {
  draft: Draft
  schema: Schema
}

/** Keywords that check the very instance their schema checks (no property or item of it). */
const SAME_INSTANCE = ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']

/**
 * Whether a schema refers to `ref` where it checks the same instance (`{ allOf: [{ $ref }] }`):
 * a definition that does so to itself never ends (ajv recurses until the stack overflows).
 */
export function refersToItself(schema: unknown, ref: string): boolean {
  if (!schema || typeof schema !== 'object') return false
  const s = schema as Record<string, unknown>
  if (s.$ref === ref) return true
  return SAME_INSTANCE.some((key) =>
    Array.isArray(s[key])
      ? (s[key] as unknown[]).some((b) => refersToItself(b, ref))
      : refersToItself(s[key], ref),
  )
}

export const eventSchemaArbitrary: fc.Arbitrary<GeneratedEvent> = fc
  .constantFrom<Draft>('draft-07', '2020-12')
  .chain((draft) => {
    const child = subschema(draft, 2)
    return fc
      .record({
        properties: fc.dictionary(propertyName, child, { minKeys: 1, maxKeys: 4 }),
        // a definition that is only a `$ref`, or refers to itself where it checks the same
        // instance (`allOf: [{ $ref }]`), has no meaning (ajv recurses forever)
        defs: fc
          .tuple(leafSchema(draft), subschema(draft, 1))
          .filter(
            (defs) =>
              defs.every((d) => typeof d === 'boolean' || d.$ref === undefined) &&
              defs.every((d, i) => !refersToItself(d, `#/${defsKey(draft)}/${DEFS[i]!}`)),
          ),
        additionalProperties: maybe(fc.constantFrom<JsonValue>(false, true, { type: 'string' }), 2),
        extra: maybe(
          fc.constantFrom<Schema>(
            { minProperties: 1 },
            { patternProperties: { '^x-': { type: 'string' } } },
          ),
          1,
        ),
        requiredSubset: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        alsoRequired: maybe(fc.constantFrom('id', 'plan'), 1),
      })
      .map(({ properties, defs, additionalProperties, extra, requiredSubset, alsoRequired }) => {
        const names = Object.keys(properties)
        const required = names.filter((_, i) => requiredSubset[i])
        if (alsoRequired && !required.includes(alsoRequired)) required.push(alsoRequired)
        const schema = withoutUndefined({
          ...(draft === '2020-12'
            ? { $schema: 'https://json-schema.org/draft/2020-12/schema' }
            : { $schema: 'http://json-schema.org/draft-07/schema#' }),
          type: 'object',
          properties,
          required,
          additionalProperties,
          [draft === '2020-12' ? '$defs' : 'definitions']: {
            [DEFS[0]]: defs[0],
            [DEFS[1]]: defs[1],
          },
          ...extra,
        })
        return { draft, schema }
      })
  })
