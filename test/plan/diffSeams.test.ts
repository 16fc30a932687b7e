// @vitest-environment node
// The diff at its seams with zod and plain specs (issue 33's seams hunt): a key an open object
// took as anything — or as its catchall's values — given a schema of its own, where that object
// sits below another key, in a list, a record or a tuple; and a witness proving the change it
// shows. Each test here failed before its fix.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { TrackingPlan } from 'trackplan/server'
import { diffPlans, importPlan } from 'trackplan/tools'
import type { PropertySpec } from '../../src/plan/types'
import { loadPlanModule } from './planModule'

import { accepts, EVENT, expectProvedBreaking, expectWitnessesHold, planOf } from './diffExpect'

const kind = z.boolean().optional()
const a = z.number().optional()
const plainA = { a: { type: 'number' } } as const

describe('diff: an open object with other keys, given a schema for a key it took as anything', () => {
  it.each([
    [
      'z.looseObject below a key',
      z.object({ inner: z.looseObject({ a }) }),
      z.object({ inner: z.looseObject({ a, kind }) }),
      { inner: { kind: 0 } },
    ],
    [
      'z.object (strip: open in its input) below a key',
      z.object({ inner: z.object({ a }) }),
      z.object({ inner: z.object({ a, kind }) }),
      { inner: { kind: 0 } },
    ],
    [
      'in a list',
      z.array(z.looseObject({ a })),
      z.array(z.looseObject({ a, kind })),
      [{ kind: 0 }],
    ],
    [
      'as a record’s values',
      z.record(z.string(), z.looseObject({ a })),
      z.record(z.string(), z.looseObject({ a, kind })),
      { k: { kind: 0 } },
    ],
    [
      'in a tuple',
      z.tuple([z.looseObject({ a })]),
      z.tuple([z.looseObject({ a, kind })]),
      [{ kind: 0 }],
    ],
    [
      'a catchall’s key, below a key',
      z.object({ inner: z.object({ a }).catchall(z.union([z.string(), z.number()])) }),
      z.object({
        inner: z
          .object({ a, kind: z.number().optional() })
          .catchall(z.union([z.string(), z.number()])),
      }),
      { inner: { kind: 'x' } },
    ],
    [
      'plain, below a key',
      { type: 'object', properties: { inner: { type: 'object', properties: plainA } } },
      {
        type: 'object',
        properties: {
          inner: { type: 'object', properties: { ...plainA, kind: { type: 'boolean' } } },
        },
      },
      { inner: { kind: 0 } },
    ],
    [
      'plain, in a list',
      { type: 'array', items: { type: 'object', properties: plainA } },
      {
        type: 'array',
        items: { type: 'object', properties: { ...plainA, kind: { type: 'boolean' } } },
      },
      [{ kind: 0 }],
    ],
  ] as [string, PropertySpec, PropertySpec, unknown][])(
    'is breaking, and proved: %s',
    (_, before, after, counterexample) => {
      const changes = expectProvedBreaking(before, after, counterexample)
      const added = changes.find((c) => c.kind === 'property-added')!
      expect(added.severity, added.message).toBe('breaking')
    },
  )
})

describe('diff: a witness proves the change it shows', () => {
  it('two keys added in one property: the one in the closed object stays safe', () => {
    const before = z.object({ b: z.strictObject({}), a: z.looseObject({}) })
    const after = z.object({
      b: z.strictObject({ x: z.string().optional() }),
      a: z.looseObject({ kind }),
    })
    const changes = expectProvedBreaking(before, after, { b: {}, a: { kind: 0 } })
    expect(changes.map((c) => [c.property, c.severity])).toEqual([
      ['value.b.x', 'safe'],
      ['value.a.kind', 'breaking'],
    ])
  })
})

/**
 * A Standard Schema an app's own helper builds (`objectOf(fields)`), giving its JSON Schema:
 * every schema it builds shares one `validate` source, what differs is what it captured.
 */
function objectOf(fields: Record<string, 'number' | 'boolean'>) {
  const jsonSchema = () => ({
    type: 'object',
    properties: Object.fromEntries(Object.entries(fields).map(([k, t]) => [k, { type: t }])),
  })
  return {
    '~standard': {
      version: 1,
      vendor: 'app',
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.entries(fields).every(([k, t]) => {
          const v = (value as Record<string, unknown>)[k]
          return v === undefined || typeof v === t
        })
          ? { value }
          : { issues: [{ message: 'invalid' }] },
      jsonSchema: { input: jsonSchema, output: jsonSchema },
    },
  } as unknown as PropertySpec
}

/** A callable Standard Schema, as arktype's types are: `String(type)` is one source for all. */
function callableMinLength(n: number) {
  const validate = (value: unknown) =>
    typeof value === 'string' && value.length >= n
      ? { value }
      : { issues: [{ message: 'too short' }] }
  const jsonSchema = () => ({ type: 'string', minLength: n })
  return Object.assign((value: unknown) => validate(value), {
    '~standard': { version: 1, vendor: 'callable', validate, jsonSchema: { input: jsonSchema } },
  }) as unknown as PropertySpec
}

describe('diff: two schemas of one source, told apart by their JSON Schemas', () => {
  it('an app helper’s object given a key it took as anything', () => {
    const changes = expectProvedBreaking(
      objectOf({ a: 'number' }),
      objectOf({ a: 'number', kind: 'boolean' }),
      { kind: 0 },
    )
    expect(changes.map((c) => [c.kind, c.severity])).toEqual([['property-added', 'breaking']])
  })

  it('a callable schema (arktype’s shape) whose minimum length went up', () => {
    const changes = expectProvedBreaking(callableMinLength(5), callableMinLength(6), 'abcde')
    expect(changes.map((c) => [c.kind, c.severity])).toEqual([['constraint-narrowed', 'breaking']])
  })
})

describe('diff: context properties are never required', () => {
  const withContext = (context: Record<string, PropertySpec>): TrackingPlan => ({
    contextProperties: context,
    events: { [EVENT]: { properties: { x: { type: 'string' } } } },
  })

  it.each([
    ['z.string().optional() → z.string()', z.string().optional(), z.string()],
    ['plain, required: false → true', { type: 'string' }, { type: 'string', required: true }],
  ] as [string, PropertySpec, PropertySpec][])(
    'a context property made required rejects nothing: %s',
    (_, was, is) => {
      const before = withContext({ app: was })
      const after = withContext({ app: is })
      expect(accepts(after, EVENT, {}), 'an event without it').toBe(true)
      expect(diffPlans(before, after).filter((c) => c.severity !== 'safe')).toEqual([])
    },
  )

  it('a context property added “as required” is breaking as a typed key the events took as anything', () => {
    const before = withContext({})
    const after = withContext({ app: { type: 'string', required: true } })
    const changes = diffPlans(before, after)
    expect(changes.map((c) => [c.kind, c.severity])).toEqual([['property-added', 'breaking']])
    expectWitnessesHold(before, after, changes)
  })
})

describe('diff: two versions of a JSON Schema, each imported (trackplan import)', () => {
  /** The plan `trackplan import` makes of one event's JSON Schema with property `value`. */
  const imported = (value: unknown): TrackingPlan => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: EVENT,
      type: 'object',
      properties: { properties: { type: 'object', properties: { value } } },
    }
    return loadPlanModule(importPlan([{ path: 'event.json', text: JSON.stringify(schema) }]).source)
  }
  const objectOf = (properties: object, rest?: object) => ({
    type: 'object',
    properties,
    ...(rest ? { additionalProperties: rest } : {}),
  })
  const a = { a: { type: 'number' } }
  const kind = { kind: { type: 'boolean' } }

  it.each([
    [
      'additionalProperties: {} below a key (zod’s catchall(z.json()))',
      objectOf({ inner: objectOf(a, {}) }),
      objectOf({ inner: objectOf({ ...a, ...kind }, {}) }),
      { inner: { kind: 0 } },
    ],
    [
      'no additionalProperties, in a list (a plain spec)',
      { type: 'array', items: objectOf(a) },
      { type: 'array', items: objectOf({ ...a, ...kind }) },
      [{ kind: 0 }],
    ],
  ])('a key an open object took as anything, typed: %s', (_, was, is, counterexample) => {
    const before = imported(was)
    const after = imported(is)
    const sent = { value: counterexample }
    expect(accepts(before, EVENT, sent), 'the counterexample, before').toBe(true)
    expect(accepts(after, EVENT, sent), 'the counterexample, after').toBe(false)
    const changes = diffPlans(before, after)
    expect(changes.filter((c) => c.severity === 'breaking')).not.toEqual([])
    expectWitnessesHold(before, after, changes)
  })
})

describe('diff: a bound beyond 2^53 is a bound (zod’s .int() limits are not)', () => {
  it.each([
    ['max(1e18) added', z.number().describe('n'), z.number().max(1e18).describe('a count'), 1e19],
    [
      'min(-1e16) added',
      z.number().describe('n'),
      z.number().min(-1e16).describe('a count'),
      -1e17,
    ],
    ['max lowered 1e20 → 1e17', z.number().max(1e20), z.number().max(1e17), 1e18],
  ] as [string, PropertySpec, PropertySpec, number][])('%s', (_, was, is, counterexample) => {
    const changes = expectProvedBreaking(was, is, counterexample)
    expect(changes.map((c) => c.kind)).toContain('constraint-narrowed')
  })

  it('z.number() → z.number().int(): its ±(2^53 − 1) limits are no bound change', () => {
    const changes = diffPlans(planOf(z.number()), planOf(z.number().int()))
    expect(changes.map((c) => c.kind)).toEqual(['type-narrowed'])
  })
})

describe('diff: a string format’s parameters, which zod’s JSON Schema leaves out', () => {
  it.each([
    [
      'z.url() → z.httpUrl()',
      z.url().describe('a link'),
      z.httpUrl().describe('the link'),
      'ftp://example.com/a',
    ],
    [
      'z.url() → z.url({ protocol: /^https$/ })',
      z.url().describe('a link'),
      z.url({ protocol: /^https$/ }).describe('the link'),
      'http://localhost:3000',
    ],
  ] as [string, PropertySpec, PropertySpec, string][])(
    'beside a new description, is not safe: %s',
    (_, was, is, counterexample) => {
      expectProvedBreaking(was, is, counterexample)
    },
  )

  it('z.jwt() → z.jwt({ alg }) beside a new description is reviewed by hand', () => {
    const token = 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2ln'
    const plans = {
      before: planOf(z.jwt().describe('a token')),
      after: planOf(z.jwt({ alg: 'HS256' }).describe('the token')),
    }
    expect(accepts(plans.before, EVENT, { value: token })).toBe(true)
    expect(accepts(plans.after, EVENT, { value: token })).toBe(false)
    const changes = diffPlans(plans.before, plans.after)
    expect(changes.filter((c) => c.severity !== 'safe')).not.toEqual([])
    expectWitnessesHold(plans.before, plans.after, changes)
  })
})

describe('diff: plain integer → zod’s int, whose ±(2^53 − 1) limits the plain spec lacks', () => {
  it.each([
    [
      'beside a new description',
      { type: 'integer', description: 'a count' },
      z.int().optional().describe('the count'),
      2 ** 60,
    ],
    [
      'nested, beside a sibling’s new description',
      {
        type: 'object',
        required: true,
        properties: { n: { type: 'integer' }, s: { type: 'string', description: 'a' } },
      },
      z.object({ n: z.int().optional(), s: z.string().optional().describe('b') }),
      { n: 2 ** 60 },
    ],
  ] as [string, PropertySpec, PropertySpec, unknown][])(
    'is breaking: %s',
    (_, was, is, counterexample) => {
      expectProvedBreaking(was, is, counterexample)
    },
  )

  it('zod’s int → a plain integer is safe', () => {
    const changes = diffPlans(planOf(z.int().optional()), planOf({ type: 'integer' }))
    expect(changes.filter((c) => c.severity !== 'safe')).toEqual([])
  })
})

describe('diff: a key typed in an open object beside another breaking change in the property', () => {
  it.each([
    [
      'a key made required beside it',
      z.object({ inner: z.looseObject({ a }) }),
      z.object({ inner: z.looseObject({ a, r: z.string(), kind }) }),
      { inner: { r: 'x', kind: 0 } },
    ],
    [
      'an enum narrowed beside it',
      z.looseObject({ e: z.enum(['a', 'b']) }),
      z.looseObject({ e: z.enum(['a']), kind }),
      { e: 'a', kind: 0 },
    ],
  ] as [string, PropertySpec, PropertySpec, unknown][])(
    'is proved breaking too, as beside another property: %s',
    (_, before, after, counterexample) => {
      const changes = expectProvedBreaking(before, after, counterexample)
      const added = changes.find((c) => c.kind === 'property-added')!
      expect(added.severity, added.message).toBe('breaking')
    },
  )

  it('a key typed in a closed object beside a breaking change stays safe', () => {
    const changes = diffPlans(
      planOf(z.strictObject({ e: z.enum(['a', 'b']) })),
      planOf(z.strictObject({ e: z.enum(['a']), kind })),
    )
    expect(changes.map((c) => [c.kind, c.severity])).toEqual([
      ['enum-values-removed', 'breaking'],
      ['property-added', 'safe'],
    ])
  })
})

describe('diff: a refinement moved across a .catch()', () => {
  it('z.string().refine(…).catch() → z.unknown().catch().refine(…) is not safe (diffHunt’s pair)', () => {
    const notZz = (v: unknown) => v !== 'zz'
    const before = z
      .string()
      .refine(notZz)
      .catch(undefined as never)
    const after = z
      .unknown()
      .catch(undefined as never)
      .refine(notZz)
    const plans = { before: planOf(before), after: planOf(after) }
    expect(accepts(plans.before, EVENT, { value: 'zz' })).toBe(true)
    expect(accepts(plans.after, EVENT, { value: 'zz' })).toBe(false)
    const changes = diffPlans(plans.before, plans.after)
    expect(changes.filter((c) => c.severity !== 'safe')).not.toEqual([])
    expectWitnessesHold(plans.before, plans.after, changes)
  })
})
