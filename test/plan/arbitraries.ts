// Generated tracking plans and the property objects they accept, for the plan tools' property
// tests (export, import round trips, diff). Plain specs only: what the CSV and JSON Schema
// formats hold exactly. Values are valid by construction; tests mutate them for invalid ones.
import fc from 'fast-check'
import type { JsonValue } from '../../src/core/event'
import type { PlainPropertySpec, PropertyType, TrackingPlan } from '../../src/plan/types'

/** Names as teams write them, and the ones that break naive formats: dots, brackets, quotes, formulas. */
export const awkwardName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('plan', 'price', 'address', 'tags', 'Order ID', 'utm_source'),
  fc.constantFrom('a.b', 'items[]', 'x[0]', 'say "hi"', 'a, b', '=SUM(A1)', '+1', '-x', '@me'),
  fc.constantFrom(' lead', 'trail ', 'naïve', '東京', 'constructor', 'toString'),
  fc.string({ minLength: 1, maxLength: 8 }),
)

const simpleName: fc.Arbitrary<string> = fc.constantFrom(
  'plan',
  'price',
  'count',
  'tags',
  'address',
  'city',
  'flag',
  'kind',
)

const scalarType = fc.constantFrom<PropertyType>('string', 'number', 'integer', 'boolean')

/** An enum for a scalar type: a few distinct values of it. */
function enumFor(type: PropertyType): fc.Arbitrary<JsonValue[]> {
  const value: fc.Arbitrary<JsonValue> =
    type === 'string'
      ? fc.string({ maxLength: 6 })
      : type === 'integer'
        ? fc.integer({ min: -5, max: 100 })
        : type === 'number'
          ? fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constantFrom(0.5, 2.25))
          : fc.boolean()
  return fc.uniqueArray(value, { minLength: 1, maxLength: 4, selector: (v) => JSON.stringify(v) })
}

const describedAs = fc.option(fc.constantFrom('What it is', ' spaced ', "'=quoted", 'a, b'), {
  nil: undefined,
})

/** A plain property spec, nested `depth` levels at most. */
export function plainSpec(
  depth = 2,
  names: fc.Arbitrary<string> = simpleName,
): fc.Arbitrary<PlainPropertySpec> {
  const scalar = scalarType.chain((type) =>
    fc.record(
      {
        type: fc.constant(type),
        enum: enumFor(type),
        required: fc.boolean(),
        description: describedAs,
      },
      { requiredKeys: ['type'] },
    ),
  )
  if (depth <= 0) return scalar.map(withoutUndefined)
  const nested = plainSpec(depth - 1, names)
  const object = fc.record(
    {
      type: fc.constant<PropertyType>('object'),
      properties: fc.dictionary(names, nested, { maxKeys: 3 }),
      additionalProperties: fc.boolean(),
      required: fc.boolean(),
    },
    { requiredKeys: ['type'] },
  )
  const array = fc.record(
    { type: fc.constant<PropertyType>('array'), items: nested, required: fc.boolean() },
    { requiredKeys: ['type'] },
  )
  return fc.oneof({ weight: 3, arbitrary: scalar }, object, array).map(withoutUndefined)
}

const withoutUndefined = <T extends object>(spec: T): T =>
  Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as T

export interface PlanOptions {
  /** Property names: `awkwardName` for format round trips. Default: a few plain words. */
  names?: fc.Arbitrary<string>
  /** Nesting depth of property specs. Default 2. */
  depth?: number
}

/** A plan of one to three events, with context properties and closed events at times. */
export function planArbitrary(options: PlanOptions = {}): fc.Arbitrary<TrackingPlan> {
  const names = options.names ?? simpleName
  const spec = plainSpec(options.depth ?? 2, names)
  const event = fc.record(
    {
      description: describedAs,
      properties: fc.dictionary(names, spec, { maxKeys: 4 }),
      additionalProperties: fc.constantFrom(false, undefined),
    },
    { requiredKeys: ['properties'] },
  )
  return fc
    .record(
      {
        events: fc.dictionary(
          fc.constantFrom('Viewed Page', 'Chose Plan', 'Signed Up', 'Order Completed'),
          event.map(withoutUndefined),
          { minKeys: 1, maxKeys: 3 },
        ),
        contextProperties: fc.dictionary(
          fc.constantFrom('app', 'section', 'plan'),
          plainSpec(0, names),
          { maxKeys: 2 },
        ),
      },
      { requiredKeys: ['events'] },
    )
    .map(withoutUndefined)
}

const anyJson = fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>

/** A value the spec accepts (optional properties of nested objects present or not). */
export function validValue(spec: PlainPropertySpec): fc.Arbitrary<JsonValue> {
  if (spec.enum) return fc.constantFrom(...spec.enum)
  switch (spec.type) {
    case 'string':
      return fc.string({ maxLength: 8 })
    case 'integer':
      return fc.integer({ min: -1000, max: 1000 })
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    case 'boolean':
      return fc.boolean()
    case 'array':
      return fc.array(spec.items ? validValue(spec.items) : anyJson, { maxLength: 3 })
    case 'object':
      return validObject(spec.properties ?? {}, spec.additionalProperties !== false)
  }
}

/** An object that the specs accept: required keys present, optional ones at random, extras if open. */
function validObject(
  specs: { readonly [name: string]: PlainPropertySpec },
  open: boolean,
): fc.Arbitrary<{ [key: string]: JsonValue }> {
  type Entries = (readonly [string, JsonValue])[]
  const listed = Object.entries(specs).map(([name, spec]) =>
    validValue(spec).chain((value): fc.Arbitrary<Entries> =>
      spec.required ? fc.constant([[name, value]]) : fc.constantFrom([], [[name, value]]),
    ),
  )
  const extra: fc.Arbitrary<Record<string, JsonValue>> = open
    ? fc.dictionary(fc.constantFrom('extra', 'note'), anyJson, { maxKeys: 1 })
    : fc.constant({})
  return fc.tuple(fc.tuple(...listed), extra).map(([entries, extras]) => {
    const value: { [key: string]: JsonValue } = {}
    for (const [key, v] of Object.entries(extras)) if (!Object.hasOwn(specs, key)) value[key] = v
    for (const pairs of entries)
      for (const [name, v] of pairs)
        Object.defineProperty(value, name, { value: v, enumerable: true, writable: true })
    return value
  })
}

/** Properties an event of the plan accepts, its context properties at random included. */
export function validProperties(
  plan: TrackingPlan,
  event: string,
): fc.Arbitrary<{ [key: string]: JsonValue }> {
  const spec = plan.events[event]!
  const own = (spec.properties ?? {}) as { readonly [name: string]: PlainPropertySpec }
  const context = Object.fromEntries(
    Object.entries((plan.contextProperties ?? {}) as { [name: string]: PlainPropertySpec })
      .filter(([name]) => !Object.hasOwn(own, name))
      .map(([name, s]) => [name, { ...s, required: false }]),
  )
  return validObject({ ...context, ...own }, spec.additionalProperties !== false)
}
