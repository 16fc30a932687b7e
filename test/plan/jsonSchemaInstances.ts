// Instances of a JSON Schema that tend to be valid, built from the schema itself (listed
// values, strings its pattern or format matches, numbers within its bounds, required keys),
// for the import's differential oracle. Not a solver: where the schema asks for the
// impossible, the instance is simply one that ajv will reject — the oracle compares verdicts.
import fc from 'fast-check'
import type { JsonValue } from '../../src/core/event'
import { FORMAT_VALUES, PATTERNS, type Schema, type Subschema } from './jsonSchemaArbitrary'

const anyJson = fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>

const isObject = (v: unknown): v is Schema =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** What a local `$ref` points to. */
function resolve(root: Schema, ref: string): Subschema | undefined {
  let target: unknown = root
  for (const step of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (!isObject(target) || !Object.hasOwn(target, step)) return undefined
    target = target[step]
  }
  return isObject(target) || typeof target === 'boolean' ? target : undefined
}

const numberOr = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback)

function aString(schema: Schema): fc.Arbitrary<JsonValue> {
  if (typeof schema.pattern === 'string') {
    const known = PATTERNS.find((p) => p.pattern === schema.pattern)
    if (known) return fc.constantFrom(...known.matching)
  }
  if (typeof schema.format === 'string' && Object.hasOwn(FORMAT_VALUES, schema.format))
    return fc.constantFrom(...FORMAT_VALUES[schema.format]!)
  const minLength = numberOr(schema.minLength, 0)
  return fc.string({
    unit: fc.constantFrom('a', 'b', 'É', '😀', ' ', 'Z'),
    minLength,
    maxLength: Math.max(minLength, numberOr(schema.maxLength, minLength + 4)),
  })
}

function aNumber(schema: Schema, integer: boolean): fc.Arbitrary<JsonValue> {
  const low = Math.max(numberOr(schema.minimum, -50), numberOr(schema.exclusiveMinimum, -51) + 1)
  const high = Math.min(numberOr(schema.maximum, 150), numberOr(schema.exclusiveMaximum, 151) - 1)
  const step = numberOr(schema.multipleOf, integer ? 1 : 0.25)
  const from = Math.ceil(low / step)
  const to = Math.floor(high / step)
  if (from > to) return fc.constant(low)
  return fc.integer({ min: from, max: to }).map((k) => k * step)
}

function anArray(schema: Schema, root: Schema, depth: number): fc.Arbitrary<JsonValue> {
  const prefix = Array.isArray(schema.prefixItems)
    ? schema.prefixItems
    : Array.isArray(schema.items)
      ? schema.items
      : []
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items
  const restItem = isObject(rest) || typeof rest === 'boolean' ? rest : true
  const minItems = numberOr(schema.minItems, 0)
  const maxItems = Math.min(numberOr(schema.maxItems, 3), 3)
  return fc
    .tuple(
      fc.tuple(...prefix.map((s) => instanceOf(s as Subschema, root, depth - 1))),
      fc.array(instanceOf(restItem, root, depth - 1), {
        maxLength: Math.max(0, maxItems - prefix.length),
      }),
      fc.nat({ max: prefix.length }),
    )
    .map(([first, more, cut]) => {
      const items = [
        ...first.slice(0, Math.max(cut, minItems)),
        ...(cut >= prefix.length ? more : []),
      ]
      return items
    })
}

function anObject(schema: Schema, root: Schema, depth: number): fc.Arbitrary<JsonValue> {
  const listed = isObject(schema.properties) ? schema.properties : {}
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  const additional = schema.additionalProperties
  const keys = [...new Set([...Object.keys(listed), ...required])]
  const entries = keys.map((key) => {
    const spec = Object.hasOwn(listed, key)
      ? (listed[key] as Subschema)
      : isObject(additional) || typeof additional === 'boolean'
        ? additional
        : true
    const value = instanceOf(spec, root, depth - 1)
    return (
      required.has(key)
        ? value.map((v) => [v])
        : fc.option(
            value.map((v) => [v]),
            { nil: [] },
          )
    ).map((v) => ({ key, v }))
  })
  const patterned = isObject(schema.patternProperties)
    ? Object.entries(schema.patternProperties).map(([pattern, s]) =>
        fc.option(
          fc.tuple(
            fc.constantFrom(...(PATTERNS.find((p) => p.pattern === pattern)?.matching ?? ['x-a'])),
            instanceOf(s as Subschema, root, depth - 1),
          ),
          { nil: undefined },
        ),
      )
    : []
  return fc.tuple(fc.tuple(...entries), fc.tuple(...patterned)).map(([found, patterns]) => {
    const out: { [key: string]: JsonValue } = {}
    const set = (key: string, value: JsonValue): void =>
      void Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    for (const pair of patterns) if (pair) set(pair[0], pair[1])
    for (const { key, v } of found) if (v.length) set(key, v[0] as JsonValue)
    return out
  })
}

/** The types a schema's value may have: its `type`, else what its keywords are for. */
function typesOf(schema: Schema): string[] {
  if (typeof schema.type === 'string') return [schema.type]
  if (Array.isArray(schema.type)) return schema.type as string[]
  if ('properties' in schema || 'required' in schema) return ['object']
  if ('items' in schema || 'prefixItems' in schema) return ['array']
  if ('minLength' in schema || 'pattern' in schema || 'format' in schema) return ['string']
  if ('minimum' in schema || 'maximum' in schema) return ['number']
  return []
}

/** A value the schema probably accepts. */
export function instanceOf(schema: Subschema, root: Schema, depth = 5): fc.Arbitrary<JsonValue> {
  if (typeof schema === 'boolean' || depth < 0) return anyJson
  if (typeof schema.$ref === 'string') {
    const target = resolve(root, schema.$ref)
    return target === undefined ? anyJson : instanceOf(target, root, depth - 1)
  }
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum)
  if (Object.hasOwn(schema, 'const')) return fc.constant(schema.const as JsonValue)
  const { allOf, anyOf, oneOf, ...rest } = schema
  const alternatives = (anyOf ?? oneOf) as Subschema[] | undefined
  if (Array.isArray(alternatives) && alternatives.length)
    return fc.oneof(
      ...alternatives.map((part) =>
        instanceOf(isObject(part) ? { ...rest, ...part } : rest, root, depth - 1),
      ),
    )
  if (Array.isArray(allOf) && allOf.length)
    return fc
      .tuple(...[rest, ...(allOf as Subschema[])].map((part) => instanceOf(part, root, depth - 1)))
      .map((values) =>
        values.every(isObject)
          ? Object.assign({}, ...values)
          : (values.find((v) => v !== null) ?? null),
      )
  const types = typesOf(schema)
  const pick = types.length ? fc.constantFrom(...types) : fc.constant('any')
  return pick.chain((type): fc.Arbitrary<JsonValue> => {
    switch (type) {
      case 'string':
        return aString(schema)
      case 'number':
      case 'integer':
        return aNumber(schema, type === 'integer')
      case 'boolean':
        return fc.boolean()
      case 'null':
        return fc.constant(null)
      case 'array':
        return anArray(schema, root, depth)
      case 'object':
        return anObject(schema, root, depth)
      default:
        return anyJson
    }
  })
}
