// @vitest-environment node
// An object that takes keys it does not list, given a schema for one of them: an old app
// version may send that key with any value, so the change is breaking, and the diff must
// prove it. Found by the semantic oracle (diffOracle.test.ts, seed 129136195).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compilePlan, type TrackingPlan, type Violation } from 'trackplan/server'
import { diffPlans } from 'trackplan/tools'
import type { PropertySpec } from '../../src/plan/types'

const EVENT = 'Viewed Page'
const planOf = (spec: PropertySpec): TrackingPlan => ({
  events: { [EVENT]: { properties: { kind: spec }, additionalProperties: false } },
})
const accepts = (plan: TrackingPlan, properties: unknown): boolean =>
  (compilePlan(plan)({ type: 'track', event: EVENT, properties } as never) as readonly Violation[])
    .length === 0

/** The diff of two versions of `kind`: a breaking change whose witness both checkers confirm. */
function expectProvedBreaking(before: PropertySpec, after: PropertySpec, counterexample: unknown) {
  const plans = { before: planOf(before), after: planOf(after) }
  expect(accepts(plans.before, { kind: counterexample }), 'before').toBe(true)
  expect(accepts(plans.after, { kind: counterexample }), 'after').toBe(false)
  const changes = diffPlans(plans.before, plans.after)
  const breaking = changes.filter((c) => c.severity === 'breaking')
  expect(breaking, changes.map((c) => c.message).join('\n')).not.toEqual([])
  for (const change of breaking) {
    expect(accepts(plans.before, change.witness!.properties), change.message).toBe(true)
    expect(accepts(plans.after, change.witness!.properties), change.message).toBe(false)
  }
}

describe('diff: an open object given a schema for a key it took as anything', () => {
  const open = { type: 'object', properties: {}, required: true } as const

  it('is breaking, made nullable at the same time (the oracle’s counterexample)', () => {
    const after = z.looseObject({ kind: z.boolean().optional() }).nullable()
    expectProvedBreaking(open, after, { kind: 0 })
  })

  it('is breaking as a plain object too', () => {
    const after = { type: 'object', properties: { kind: { type: 'boolean' } }, required: true }
    expectProvedBreaking(open, after as PropertySpec, { kind: 0 })
  })

  it('is breaking one object further down', () => {
    const before = z.object({ inner: z.looseObject({}) })
    const after = z.object({ inner: z.looseObject({ kind: z.boolean().optional() }) })
    expectProvedBreaking(before, after, { inner: { kind: 0 } })
  })

  it('is no narrowing between a plain open object and zod’s looseObject (`additionalProperties: {}`)', () => {
    const changes = diffPlans(planOf(open), planOf(z.looseObject({})))
    // the specs differ (plain → zod), so the diff still asks for a look at what JSON Schema hides
    expect(changes.map((c) => c.kind)).toEqual(['not-comparable'])
  })
})

// The diff samples an object's keys in turns, so that a parent's few samples of it reach every
// key, not only the first key's: found by the oracle (seeds -1131704246 and -2037764194).
describe('diff: a change at the third key of an object inside another', () => {
  it('is proved in a tuple of open objects (an enum → boolean)', () => {
    const item = (kind: z.ZodType) =>
      z.looseObject({
        tags: z.enum(['team']).optional(),
        plan: z.literal(0).optional(),
        kind: kind.optional(),
      })
    expectProvedBreaking(z.tuple([item(z.enum(['x']))]), z.tuple([item(z.boolean())]), [
      { kind: 'x' },
    ])
  })

  it('is proved in a closed object inside a closed object (an optional key removed)', () => {
    const price = (tags: z.ZodRawShape) =>
      z.strictObject({
        tags: z
          .strictObject({
            kind: z.enum(['free', 'pro', 'x']),
            plan: z.string().min(2).max(3),
            ...tags,
          })
          .optional(),
        kind: z.string(),
        plan: z.string(),
      })
    expectProvedBreaking(price({ price: z.string().max(4).optional() }), price({}), {
      tags: { kind: 'x', plan: 'ab', price: 'a' },
      kind: 'a',
      plan: 'a',
    })
  })
})

describe('diff: a bound made exclusive inside a list', () => {
  // a parent keeps a child's first few samples: the bound's edge is among them (the oracle's
  // seed -292297398)
  it('is proved by the edge itself', () => {
    expectProvedBreaking(
      z.array(z.number().gte(-2).lt(5)).max(2),
      z.array(z.number().gt(-2).lt(5)).max(2),
      [-2],
    )
  })
})

describe('diff: an open object that stops listing a required key and types another', () => {
  // the new schema's samples carry the keys the old one requires (the oracle's seed 2062855260)
  it('is proved with the old required key filled', () => {
    const before = z.looseObject({ plan: z.string().max(6) })
    const after = { type: 'object', properties: { meta: { type: 'object', properties: {} } } }
    expectProvedBreaking(before, { ...after, required: true } as PropertySpec, {
      meta: 0,
      plan: '',
    })
  })
})

describe('diff: a number made an integer as the values of a record', () => {
  // a record keeps its values' first few samples: a fraction inside the bounds is among them
  // (the oracle's seed -475533562)
  it('is proved by a fraction below the bound', () => {
    expectProvedBreaking(
      z.partialRecord(z.enum(['c', 'a']), z.number().lte(-2)),
      z.partialRecord(z.enum(['c', 'a']), z.int().lte(-2)),
      { c: -2.5, a: -3 },
    )
  })
})
