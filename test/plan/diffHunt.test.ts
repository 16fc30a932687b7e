// @vitest-environment node
// `trackplan diff` against odd input and faults (issue 33's hunt): schemas whose JSON Schema
// does not say everything, schemas and converters that misbehave, names that are
// Object.prototype's or Markdown's, huge and deep plans. Each test here failed before its fix.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compilePlan, type TrackingPlan, type Violation } from 'trackplan/server'
import { diffPlans, formatPlanDiff, type PlanChange } from 'trackplan/tools'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { PlainPropertySpec, PropertySpec } from '../../src/plan/types'

import { accepts, EVENT, expectWitnessesHold, planOf } from './diffExpect'

/** A pair where `counterexample` is valid before and not after: the diff may not call it safe. */
function expectNotSafe(before: PropertySpec, after: PropertySpec, counterexample: unknown) {
  const plans = { before: planOf(before), after: planOf(after) }
  const sent = { value: counterexample }
  expect(accepts(plans.before, EVENT, sent), 'the counterexample, before').toBe(true)
  expect(accepts(plans.after, EVENT, sent), 'the counterexample, after').toBe(false)
  const changes = diffPlans(plans.before, plans.after)
  expect(
    changes.filter((c) => c.severity !== 'safe'),
    changes.map((c) => c.message).join('\n'),
  ).not.toEqual([])
  expectWitnessesHold(plans.before, plans.after, changes)
  return changes
}

const severities = (before: PropertySpec, after: PropertySpec) =>
  diffPlans(planOf(before), planOf(after)).map((c) => [c.kind, c.severity])

/** A hand-written Standard Schema (as valibot-like libraries and apps write them). */
const handWritten = (
  validate: (value: unknown) => unknown,
  jsonSchema?: () => unknown,
): StandardSchemaV1 =>
  ({
    '~standard': {
      version: 1,
      vendor: 'hand',
      validate,
      ...(jsonSchema ? { jsonSchema: { input: jsonSchema, output: jsonSchema } } : {}),
    },
  }) as StandardSchemaV1
const stringsOnly = (value: unknown) =>
  typeof value === 'string' ? { value } : { issues: [{ message: 'must be a string' }] }

describe('diff: what a zod schema checks beyond its JSON Schema is not called safe', () => {
  it('z.coerce took numeric strings: coerce.number().max(5) → number() rejects "5"', () => {
    const changes = expectNotSafe(z.coerce.number().max(5), z.number(), '5')
    expect(changes.filter((c) => c.severity === 'breaking')).not.toEqual([])
  })

  it('.catch() took anything: number().max(5).catch(0) → number().optional() rejects "a"', () => {
    expectNotSafe(z.number().max(5).catch(0), z.number().optional(), 'a')
  })

  it('a refinement added beside a widened type', () => {
    const after = z.union([z.string(), z.number()]).refine((v) => v !== 'zz')
    expectNotSafe(z.string(), after, 'zz')
  })

  it('a refinement added to a property made optional', () => {
    expectNotSafe(
      z.string(),
      z
        .string()
        .refine((v) => v !== 'zz')
        .optional(),
      'zz',
    )
  })

  it('a pipe into a stricter schema, beside a widened bound', () => {
    const after = z
      .string()
      .max(10)
      .pipe(z.string().refine((v) => v !== 'zz'))
    expectNotSafe(z.string().max(5), after, 'zz')
  })

  it("a pattern's flags (which its JSON Schema leaves out) changed beside a widened bound", () => {
    expectNotSafe(z.string().regex(/zz/i).max(5), z.string().regex(/zz/).max(10), 'ZZ')
  })

  it('an unchanged refinement does not make a safe change a question', () => {
    const notZz = (v: string) => v !== 'zz'
    expect(severities(z.string().refine(notZz).max(5), z.string().refine(notZz).max(10))).toEqual([
      ['constraint-widened', 'safe'],
    ])
    expect(
      severities(z.string().refine(notZz).describe('a'), z.string().refine(notZz).describe('b')),
    ).toEqual([['property-described', 'safe']])
    expect(severities(z.string(), z.union([z.string(), z.number()]))).toEqual([
      ['type-widened', 'safe'],
    ])
  })
})

describe('diff: zod constructs the oracle does not generate (a semantic property)', () => {
  /** A schema builder with a name, so that a counterexample reads as the schemas it is. */
  interface Named {
    name: string
    make: () => z.ZodType
  }
  const named = (name: string, make: () => z.ZodType): Named => ({ name, make })
  const leaves: Named[] = [
    named('string', () => z.string()),
    named('int', () => z.int()),
    named('literal zz', () => z.literal('zz')),
    named("literal ['a', 'zz']", () => z.literal(['a', 'zz'])),
    named("enum ['a', 'ab']", () => z.enum(['a', 'ab'])),
    named('string.min(2)', () => z.string().min(2)),
    named('string.length(2)', () => z.string().length(2)),
    named("string.startsWith('a')", () => z.string().startsWith('a')),
    named('string.regex(/zz/i)', () => z.string().regex(/zz/i)),
    named('string.trim().min(1)', () => z.string().trim().min(1)),
    named('email', () => z.email()),
    named('number.multipleOf(2)', () => z.number().multipleOf(2)),
    named('number.gt(2)', () => z.number().gt(2)),
    named('coerce.number().max(5)', () => z.coerce.number().max(5)),
    named('stringbool', () => z.stringbool()),
    named('unknown', () => z.unknown()),
    named('tuple([string], number)', () => z.tuple([z.string()], z.number())),
    named('strictObject({ a })', () => z.strictObject({ a: z.string() })),
    named('object({ a }).catchall(number)', () => z.object({ a: z.string() }).catchall(z.number())),
    named('discriminatedUnion a | b', () =>
      z.discriminatedUnion('k', [
        z.object({ k: z.literal('a'), x: z.string() }),
        z.object({ k: z.literal('b'), y: z.number() }),
      ]),
    ),
    named('intersection', () =>
      z.intersection(z.object({ a: z.string() }), z.object({ b: z.number().optional() })),
    ),
    named("record(enum ['a', 'b'], number)", () => z.record(z.enum(['a', 'b']), z.number())),
  ]
  const wrappers: { name: string; wrap: (s: z.ZodType) => z.ZodType }[] = [
    { name: '', wrap: (s) => s },
    { name: '.optional()', wrap: (s) => s.optional() },
    { name: '.nullish()', wrap: (s) => s.nullish() },
    { name: '.catch(undefined)', wrap: (s) => s.catch(undefined as never) },
    { name: ".refine(not 'zz')", wrap: (s) => s.refine((v) => v !== 'zz') },
    { name: '.refine(not 5)', wrap: (s) => s.refine((v) => v !== 5) },
    { name: ' | number', wrap: (s) => z.union([s, z.number()]) },
    { name: '[]', wrap: (s) => z.array(s) },
    { name: '{ a }', wrap: (s) => z.object({ a: s }) },
  ]
  const schema = fc
    .tuple(fc.constantFrom(...leaves), fc.constantFrom(...wrappers), fc.constantFrom(...wrappers))
    .map(([leaf, inner, outer]) =>
      named(`(${leaf.name})${inner.name}${outer.name}`, () => outer.wrap(inner.wrap(leaf.make()))),
    )
  // values every construct above takes or refuses; undefined is the property left out
  const VALUES: unknown[] = [
    ...[undefined, null, true, 0, 1, 2, 2.5, 5, '', 'a', 'zz', 'ZZ', 'ab', ' ', '5', 'true'],
    ...['x@y.co', [], ['a'], ['a', 1], {}, { a: 'x' }, { a: 'x', c: 2 }, { a: 5 }],
    ...[{ k: 'a', x: 's' }, { k: 'b', y: 1 }, { a: 'x', b: 1 }, { a: 1, b: 2 }, { a: 1 }],
  ]

  it('a value valid before and not after is never "safe"; every witness holds (1,000 pairs)', () => {
    fc.assert(
      fc.property(schema, schema, (was, is) => {
        const before = planOf(was.make())
        const after = planOf(is.make())
        const changes = diffPlans(before, after)
        const questioned = changes.some((c) => c.severity !== 'safe')
        for (const value of VALUES) {
          const sent = value === undefined ? {} : { value }
          if (accepts(before, EVENT, sent) && !accepts(after, EVENT, sent))
            expect(questioned, `${JSON.stringify(sent)}: ${changes.map((c) => c.message)}`).toBe(
              true,
            )
        }
        expectWitnessesHold(before, after, changes)
      }),
      { numRuns: 1000 },
    )
  }, 60_000)
})

describe('diff and compilePlan: a hand-written schema that answers garbage', () => {
  const garbage: [string, StandardSchemaV1][] = [
    ['null', handWritten(() => null)],
    ['a number', handWritten(() => 42)],
    ['issues that are no list', handWritten(() => ({ issues: 'bad' }))],
    [
      'an issue whose message throws',
      handWritten(() => ({
        issues: [
          {
            get message(): string {
              throw new Error('no message')
            },
          },
        ],
      })),
    ],
  ]

  it.each(garbage)(
    'a result that is %s is a violation of the property, never a throw',
    (_, schema) => {
      const check = compilePlan(planOf(schema))
      const found = check({ type: 'track', event: EVENT, properties: { value: 'a' } } as never)
      expect(found).toEqual([
        expect.objectContaining({ kind: 'schema', property: 'value', event: EVENT }),
      ])
      expect(() => diffPlans(planOf(z.string()), planOf(schema))).not.toThrow()
    },
  )

  it("a thenable (another realm's promise) is waited for, not read as valid", async () => {
    const rejects = handWritten(() => ({
      then: (resolve: (result: unknown) => void) => resolve({ issues: [{ message: 'no' }] }),
    }))
    const found = compilePlan(planOf(rejects))({
      type: 'track',
      event: EVENT,
      properties: { value: 'a' },
    } as never) as readonly Violation[] & { pending?: Promise<readonly Violation[]> }
    expect(found.pending).toBeDefined()
    expect(await found.pending).toEqual([
      expect.objectContaining({ kind: 'schema', property: 'value' }),
    ])
  })
})

describe("diff: a converter's JSON Schema that is no JSON Schema is not compared", () => {
  const cyclic = (): unknown => {
    const schema: Record<string, unknown> = { type: 'object' }
    schema.properties = { self: schema }
    return schema
  }
  it.each([
    ['a number', () => 42],
    ['an array', () => ['string']],
    ['a cycle', cyclic],
    ['a BigInt inside', () => ({ type: 'string', enum: [1n] })],
  ])('a converter giving %s: the property is reviewed by hand', (_, convert) => {
    const before = handWritten(stringsOnly, cyclic)
    const after = handWritten((value) => stringsOnly(value), convert)
    expect(severities(z.string(), after)).toEqual([['not-comparable', 'unknown']])
    expect(severities(before, after)).toEqual([['not-comparable', 'unknown']])
  })
})

describe('diff: a schema with a getter that throws', () => {
  it('z.literal of several values (its .value throws) unchanged: no changes, no throw', () => {
    const literal = () => z.literal(['free', 'pro'])
    expect(diffPlans(planOf(literal()), planOf(literal()))).toEqual([])
    expect(diffPlans(planOf(z.array(literal())), planOf(z.array(literal())))).toEqual([])
  })
})

describe('diff: events named like Object.prototype members', () => {
  it.each([
    ['constructor', { constructor: { properties: { a: { type: 'string' } } } }],
    ['toString', { toString: { properties: { a: { type: 'string' } } } }],
    ['__proto__', JSON.parse('{"__proto__": {"properties": {"a": {"type": "string"}}}}')],
  ])('"%s" removed is one change, proved', (name, events: TrackingPlan['events']) => {
    const before: TrackingPlan = { events }
    const after: TrackingPlan = { events: {} }
    const changes = diffPlans(before, after)
    expect(changes.map((c) => [c.kind, c.severity, c.event])).toEqual([
      ['event-removed', 'breaking', name],
    ])
    expectWitnessesHold(before, after, changes)
  })
})

describe('diff: a change nested deep is proved', () => {
  const nest = (leaf: PlainPropertySpec, depth: number): PlainPropertySpec =>
    depth === 0 ? leaf : { type: 'object', properties: { inner: nest(leaf, depth - 1) } }
  it.each([6, 8])('a type changed %i objects down', (depth) => {
    const before = planOf(nest({ type: 'string' }, depth))
    const after = planOf(nest({ type: 'number' }, depth))
    const changes = diffPlans(before, after)
    expect(changes.map((c) => [c.kind, c.severity])).toEqual([['type-changed', 'breaking']])
    expectWitnessesHold(before, after, changes)
  })
})

describe('diff: an object inside a property newly closed is proved', () => {
  it.each([
    [
      'z.object → z.strictObject, nested',
      z.object({ a: z.object({ b: z.string() }) }),
      z.object({ a: z.strictObject({ b: z.string() }) }),
    ],
    [
      'z.object → z.strictObject, in a list',
      z.array(z.object({ b: z.string() })),
      z.array(z.strictObject({ b: z.string() })),
    ],
    [
      'plain, additionalProperties: false',
      {
        type: 'object',
        properties: { a: { type: 'object', properties: { b: { type: 'string' } } } },
      },
      {
        type: 'object',
        properties: {
          a: { type: 'object', properties: { b: { type: 'string' } }, additionalProperties: false },
        },
      },
    ],
  ] as [string, PropertySpec, PropertySpec][])('%s', (_, was, is) => {
    const before = planOf(was)
    const after = planOf(is)
    const changes = diffPlans(before, after)
    expect(changes.map((c) => [c.kind, c.severity])).toEqual([['event-closed', 'breaking']])
    expectWitnessesHold(before, after, changes)
  })
})

describe('diff: a plan of 500 events × 50 properties stays usable', () => {
  /** Five kinds of plain property, each changed in a way that breaks when `changed`. */
  const propertyOf = (i: number, changed: boolean): PlainPropertySpec =>
    [
      { type: 'string', enum: changed ? ['a', 'b'] : ['a', 'b', 'c'] },
      { type: changed ? 'integer' : 'number', required: i % 2 === 0 },
      { type: 'object', properties: { x: { type: 'string', required: changed } } },
      { type: 'array', items: { type: changed ? 'string' : 'number' } },
      { type: 'boolean', required: changed },
    ][i % 5] as PlainPropertySpec
  const planWith = (changed: boolean): TrackingPlan => ({
    events: Object.fromEntries(
      Array.from({ length: 500 }, (_, e) => [
        `Viewed Page ${e}`,
        {
          properties: Object.fromEntries(
            Array.from({ length: 50 }, (_, p) => [`prop_${p}`, propertyOf(p, changed)]),
          ),
        },
      ]),
    ),
  })

  it('every property changed: 25,000 breaking changes, each proved, in under 10 s', () => {
    const before = planWith(false)
    const after = planWith(true)
    const started = performance.now()
    const changes = diffPlans(before, after)
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(changes).toHaveLength(25_000)
    expect(changes.filter((c) => c.severity === 'breaking' && c.witness)).toHaveLength(25_000)
  }, 60_000)
})

describe('trackplan diff: an async schema that rejects where nothing waits', () => {
  const fixtures = fileURLToPath(new URL('./fixtures/async-reject/', import.meta.url))
  const cli = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url))

  it('does not end the process (exit 1 and a stack trace read as "breaking" by CI)', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'jiti/register', cli, 'diff', 'before.ts', 'after.ts'],
      { cwd: fixtures, encoding: 'utf8' },
    )
    expect(run.stdout).toBe(
      'trackplan diff (before.ts → after.ts): 0 breaking, 1 safe\n\nSafe:\n  ✓ "Viewed Page": property "payload" has a new description\n',
    )
    expect(run.stderr).toBe(
      "trackplan: a schema's promise failed where nothing waited for it (SyntaxError: Unexpected end of JSON input); ignored\n",
    )
    expect(run.status).toBe(0)
  }, 30_000)
})

/** The cells of a GFM table row: split at pipes no backslash escapes, `\|` read as `|`. */
const cells = (row: string): string[] =>
  row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'))

/** The text of each Markdown code span in a cell: its content is never read as Markdown. */
const codeSpans = (cell: string): string[] =>
  [...cell.matchAll(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)].map(([, , text]) =>
    /^ .* $/.test(text!) ? text!.slice(1, -1) : text!,
  )

describe('diff --format markdown: the witness reads as the JSON it is', () => {
  it.each([
    ['quotes and backslashes', 'say "hi" \\o/'],
    ['emphasis', '*bold* and _it_'],
    ['a pipe', 'a|b'],
    ['backticks', 'a`b``c'],
    ['HTML', '</code><img src=x>'],
  ])('a witness with %s', (_, value) => {
    const before = planOf({ type: 'string', enum: [value, 'kept'] })
    const after = planOf({ type: 'string', enum: ['kept'] })
    const changes = diffPlans(before, after)
    const row = formatPlanDiff(changes, 'markdown')
      .split('\n')
      .find((line) => line.startsWith('| 🔴'))!
    const witness = changes[0]!.witness!
    expect(cells(row)).toHaveLength(4)
    const example = cells(row)[3]!.split('<br>e.g. ')[1]!
    expect(codeSpans(example).map((text) => JSON.parse(text))).toEqual([
      { event: witness.event, properties: witness.properties },
    ])
  })
})

describe('diff --format markdown: the comment fits where it is posted', () => {
  it('thousands of changes fit in one GitHub comment (65,536 characters): breaking rows first, the rest counted', () => {
    const events = (type: 'string' | 'number', count: number): TrackingPlan['events'] =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [
          `Viewed Page ${i}`,
          { properties: { [`a long property name ${i}`]: { type, required: true } } },
        ]),
      )
    const before: TrackingPlan = { events: { ...events('string', 2000), 'Signed Up': {} } }
    const after: TrackingPlan = { events: { ...events('number', 2000), 'Signed In': {} } }
    const changes = diffPlans(before, after)
    const markdown = formatPlanDiff(changes, 'markdown')
    expect(new TextEncoder().encode(markdown).length).toBeLessThanOrEqual(65_536)
    const lines = markdown.trimEnd().split('\n')
    expect(lines[0]).toBe('### Tracking plan: 2001 breaking, 1 safe')
    const rows = lines.filter((line) => line.startsWith('| 🔴') || line.startsWith('| 🟢'))
    expect(rows.length).toBeGreaterThan(100)
    for (const row of rows) expect(cells(row)).toHaveLength(4)
    expect(rows.every((row) => row.startsWith('| 🔴'))).toBe(true)
    expect(lines).toContain(
      `> ${2002 - rows.length} more changes (${2001 - rows.length} breaking, 0 to review by hand, 1 safe) do not fit in one comment: \`trackplan diff --format text\` lists them all.`,
    )
    expect(lines.at(-1)).toMatch(/^> Breaking: each comes with an event/)
  })
})

describe('formatPlanDiff: every format takes any change list', () => {
  const anyValue = fc.anything({ withBigInt: true, withNullPrototype: true, maxDepth: 3 })
  const change = fc.record({
    kind: fc.constantFrom('type-changed', 'event-described', 'values-rejected'),
    severity: fc.constantFrom('breaking', 'safe', 'unknown'),
    event: fc.string(),
    message: fc.string(),
    detail: fc.string(),
    before: anyValue,
    after: anyValue,
    witness: fc.record({
      event: fc.string(),
      properties: fc.dictionary(fc.string(), anyValue) as fc.Arbitrary<never>,
      rejection: fc.string(),
    }),
  }) as fc.Arbitrary<PlanChange>

  it('json parses back, text and markdown do not throw (1,000 lists, cycles included)', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 3 }), fc.boolean(), (changes, cyclic) => {
        if (cyclic && changes[0]) {
          const loop: Record<string, unknown> = { a: 1 }
          loop.self = loop
          changes[0].before = loop
          changes[0].witness!.properties.loop = loop as never
        }
        const parsed = JSON.parse(formatPlanDiff(changes, 'json')) as { changes: unknown[] }
        expect(parsed.changes).toHaveLength(changes.length)
        expect(() => formatPlanDiff(changes, 'text')).not.toThrow()
        expect(() => formatPlanDiff(changes, 'markdown')).not.toThrow()
      }),
      { numRuns: 1000 },
    )
  }, 60_000)
})
