// compilePlan fuzzed as a collector meets it (issue 33): hostile envelopes never make it throw,
// every envelope that is no well-formed track call gets a violation, a verdict never depends on
// the envelopes before it, and its verdict on plain specs is ajv's on the exported JSON Schema.
import Ajv from 'ajv'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compilePlan, type TrackingPlan, type Violation } from 'trackplan/server'
import { exportPlan } from 'trackplan/tools'
import type { JsonValue } from '../../src/core/event'
import { UNPLANNED_NAMES_KEPT } from '../../src/plan/nameVerdicts'
import type { PlainPropertySpec } from '../../src/plan/types'
import { checkerCacheSizes } from '../../src/plan/validate'
import { awkwardName, planArbitrary, plainSpec, validProperties } from './arbitraries'

// 1,000 runs each take a few seconds; on a loaded machine (two cores, several workers) more
const PROPERTY_TIMEOUT = 60_000

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']
const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
  fc.constantFrom(...PROTOTYPE_KEYS, 'type', 'event', 'properties', 'plan'),
)

// built once, iteratively: a megabyte of text, and values nested 10,000 levels deep
const HUGE = ['x'.repeat(1_000_000), `${'A'.repeat(500_000)}a`, 'Viewed '.repeat(150_000)]
const nest = (levels: number, wrap: (inner: unknown) => unknown): unknown => {
  let value: unknown = 'bottom'
  for (let i = 0; i < levels; i++) value = wrap(value)
  return value
}
const DEEP = [
  nest(10_000, (v) => [v]),
  nest(10_000, (v) => ({ plan: v })),
  nest(10_000, (v) => ({ __proto__: null, next: v })),
]
const hostile = fc.constantFrom(...HUGE, ...DEEP)

const anything = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.anything({
      key,
      maxDepth: 3,
      maxKeys: 4,
      withObjectString: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withBoxedValues: true,
      withTypedArray: true,
      withSparseArray: true,
    }),
  },
  { weight: 1, arbitrary: hostile },
)
const eventName = fc.oneof(
  fc.constantFrom(
    'Viewed Pricing',
    'Signed Up',
    'viewed pricing',
    'Sign Up',
    '',
    ...PROTOTYPE_KEYS,
  ),
  fc.string({ maxLength: 12 }),
  anything,
)
const properties = fc.oneof(fc.dictionary(key, anything, { maxKeys: 4 }), anything)

/** Envelopes as a collector may receive them: anything, and track calls with anything inside. */
const envelope: fc.Arbitrary<unknown> = fc.oneof(
  anything,
  fc.record(
    {
      type: fc.oneof(
        fc.constantFrom('track', 'page', 'identify', 'alias', 'screen', 'group', 'trak'),
        anything,
      ),
      event: eventName,
      properties,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    { type: fc.constant('track'), event: eventName, properties },
    { requiredKeys: ['type', 'event'] },
  ),
)

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
const own = (record: Record<string, unknown>, name: string): unknown =>
  Object.hasOwn(record, name) ? record[name] : undefined

/**
 * What a collector must make of an envelope. Well-formed: an object whose own `type` is
 * `'track'`, whose `event` is a string and whose `properties` are absent (read as `{}`, as in
 * Segment's spec) or an object that is not an array. Segment's other calls are not checked.
 */
function expected(value: unknown): 'track call' | 'not checked' | 'malformed' {
  if (!isRecord(value)) return 'malformed'
  const type = own(value, 'type')
  if (typeof type === 'string' && ['page', 'identify', 'alias', 'screen', 'group'].includes(type))
    return 'not checked'
  const properties = own(value, 'properties')
  return type === 'track' &&
    typeof own(value, 'event') === 'string' &&
    (properties === undefined || isRecord(properties))
    ? 'track call'
    : 'malformed'
}

// small plans: plain specs, a few Standard Schemas, names of Object.prototype members, and
// now and then a spec no check can be built from
const propertyName = fc.oneof(awkwardName, fc.constantFrom(...PROTOTYPE_KEYS))
const propertySpec = fc.oneof(
  { weight: 8, arbitrary: plainSpec(1, propertyName) },
  { weight: 1, arbitrary: fc.constantFrom(z.string(), z.number().optional(), z.date()) },
  { weight: 1, arbitrary: fc.constantFrom(null, 'string', { type: 'string', enum: 'a' }) },
)
const smallPlan: fc.Arbitrary<TrackingPlan> = fc.record(
  {
    naming: fc.constantFrom(false, 'verb-noun', 'object-action', 'snake_case'),
    events: fc.dictionary(
      fc.constantFrom('Viewed Pricing', 'Signed Up', 'sign_up', ...PROTOTYPE_KEYS),
      fc.record(
        {
          properties: fc.dictionary(propertyName, propertySpec, { maxKeys: 3 }),
          additionalProperties: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      { maxKeys: 3 },
    ),
    synonyms: fc.constant([['Signed Up', 'Registered']]),
  },
  { requiredKeys: ['events'] },
) as fc.Arbitrary<TrackingPlan>

describe('compilePlan meets hostile envelopes', () => {
  it(
    'never throws, returns violations, and flags every envelope that is no well-formed track call',
    () => {
      fc.assert(
        fc.property(
          smallPlan,
          fc.array(envelope, { minLength: 1, maxLength: 4 }),
          (plan, envelopes) => {
            const check = compilePlan(plan)
            for (const sent of envelopes) {
              const found = check(sent as never)
              expect(Array.isArray(found)).toBe(true)
              for (const v of found) {
                expect(typeof v.kind).toBe('string')
                expect(typeof v.event).toBe('string')
                expect(v.message.length).toBeLessThan(1000)
              }
              const malformed = found.some((v) => v.kind === 'malformed')
              const shape = expected(sent)
              if (shape === 'not checked') expect(found).toEqual([])
              else expect(malformed, JSON.stringify(found)).toBe(shape === 'malformed')
            }
          },
        ),
        { numRuns: 1000 },
      )
    },
    PROPERTY_TIMEOUT,
  )

  it(
    'gives an envelope the same verdict alone as after thousands of others',
    () => {
      const plan: TrackingPlan = {
        naming: 'verb-noun',
        synonyms: [['Signed Up', 'Registered']],
        events: {
          'Viewed Pricing': {
            properties: { plan: { type: 'string', enum: ['free', 'pro'], required: true } },
          },
          'Signed Up': { additionalProperties: false, properties: { method: { type: 'string' } } },
          constructor: { properties: { toString: { type: 'number' } } },
        },
      } as const
      // one checker for every run: before its last runs it has seen thousands of envelopes
      const seasoned = compilePlan(plan)
      fc.assert(
        fc.property(fc.array(envelope, { maxLength: 20 }), envelope, (before, sent) => {
          for (const other of before) seasoned(other as never)
          const alone: readonly Violation[] = compilePlan(plan)(sent as never)
          expect(seasoned(sent as never)).toEqual(alone)
        }),
        { numRuns: 1000 },
      )
      const sizes = checkerCacheSizes(seasoned)!
      expect(sizes.names).toBeLessThanOrEqual(
        UNPLANNED_NAMES_KEPT + Object.keys(plan.events).length,
      )
      expect(sizes.validators).toBeLessThanOrEqual(Object.keys(plan.events).length)
    },
    PROPERTY_TIMEOUT,
  )
})

describe('compilePlan agrees with ajv on the exported JSON Schema', () => {
  // one ajv for every run, without checking each schema against the meta-schema (the slow
  // part). `ownProperties`: a parsed JSON object has no inherited keys, but ajv by default
  // reads `data.constructor` on `{}`
  const ajv = new Ajv({
    strict: false,
    ownProperties: true,
    validateSchema: false,
    code: { optimize: false },
  })

  /** The runtime's verdicts and ajv's on each properties object, with what each found. */
  const expectAgreement = (plan: TrackingPlan, event: string, all: readonly unknown[]): void => {
    const check = compilePlan(plan)
    const schemas = JSON.parse(exportPlan(plan, 'json-schema')) as Record<string, object>
    const validate = ajv.compile(schemas[event]!)
    for (const properties of all) {
      const found = check({ type: 'track', event, properties } as never).filter(
        // the name's own verdicts (naming, near-duplicates) are no part of the JSON Schema
        (v) => v.kind !== 'naming' && v.kind !== 'duplicate',
      )
      let valid: boolean
      try {
        valid = validate({ event, properties })
      } catch {
        // ajv's deep equality calls an own `toString` (`{ "toString": false }` throws): not ours
        continue
      }
      const why = JSON.stringify({ properties, found, ajv: validate.errors ?? 'valid' })
      expect(found.length === 0, why).toBe(valid)
    }
  }

  /** A valid object with one thing changed: a value replaced, a key removed, a key added. */
  const mutated = (value: { [key: string]: JsonValue }) =>
    fc
      .tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('replace', 'remove', 'add'))
      .map(([at, junk, how]) => {
        const keys = Object.keys(value)
        const copy: { [key: string]: JsonValue } = { ...value }
        const name = how === 'add' || keys.length === 0 ? 'extra' : keys[at % keys.length]!
        if (how === 'remove') delete copy[name]
        else Object.defineProperty(copy, name, { value: junk, enumerable: true, writable: true })
        return copy
      })

  // one event of a generated plan, without contextProperties: their export is another
  // worker's (issue 33's item 11); one event keeps ajv's compile, the slow part, small
  const planAndEvent = planArbitrary({ names: awkwardName }).chain((plan) =>
    fc.constantFrom(...Object.keys(plan.events)).map((event) => ({
      plan: { events: { [event]: plan.events[event]! } } as TrackingPlan,
      event,
    })),
  )

  it(
    'on generated plain-spec plans and properties, valid or not',
    () => {
      fc.assert(
        fc.property(
          planAndEvent.chain(({ plan, event }) =>
            fc.tuple(
              fc.constant(plan),
              fc.constant(event),
              fc.array(
                fc.oneof(
                  validProperties(plan, event),
                  validProperties(plan, event).chain(mutated),
                  fc.dictionary(awkwardName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
                ),
                { minLength: 1, maxLength: 6 },
              ),
            ),
          ),
          ([plan, event, properties]) => expectAgreement(plan, event, properties),
        ),
        { numRuns: 1000 },
      )
    },
    PROPERTY_TIMEOUT,
  )

  it(
    'on enums of objects and arrays, keys in any order',
    () => {
      const json = fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>
      // JSON Schema's equality: an object's keys in any order (its enum items must be unique)
      const canonical = (value: JsonValue): string =>
        JSON.stringify(value, (_key, v: JsonValue) =>
          v !== null && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
            : v,
        )
      const spec = fc.record({
        type: fc.constantFrom<PlainPropertySpec['type']>('object', 'array'),
        enum: fc.uniqueArray(
          fc.oneof(
            fc.dictionary(fc.constantFrom('a', 'b', 'c'), json, { maxKeys: 3 }),
            fc.array(json, { maxLength: 2 }),
          ),
          { minLength: 1, maxLength: 3, selector: canonical },
        ),
        required: fc.boolean(),
      })
      const reordered = (value: JsonValue): JsonValue =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value
      fc.assert(
        fc.property(
          spec.chain((s) =>
            fc.tuple(
              fc.constant(s),
              fc.array(
                fc.oneof(fc.constantFrom(...s.enum).map(reordered), fc.jsonValue({ maxDepth: 2 })),
                { minLength: 1, maxLength: 4 },
              ),
            ),
          ),
          ([s, values]) => {
            const plan: TrackingPlan = { events: { 'Chose Layout': { properties: { layout: s } } } }
            expectAgreement(
              plan,
              'Chose Layout',
              values.map((value) => ({ layout: value })),
            )
          },
        ),
        { numRuns: 1000 },
      )
    },
    PROPERTY_TIMEOUT,
  )
}, 60_000)
