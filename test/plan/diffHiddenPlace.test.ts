// @vitest-environment node
// What zod checks beyond its JSON Schema (a refinement) is where it sits: the same refinement
// moved to another place in the schema checks other values. Found by diffHunt's zod property
// at seed -2112825852 (numRuns raised 15×).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compilePlan, type TrackingPlan, type Violation } from 'trackplan/server'
import { diffPlans } from 'trackplan/tools'
import type { PropertySpec } from '../../src/plan/types'

const EVENT = 'Viewed Page'
const planOf = (spec: PropertySpec): TrackingPlan => ({
  events: { [EVENT]: { properties: { value: spec } } },
})
const accepts = (plan: TrackingPlan, properties: unknown): boolean =>
  (compilePlan(plan)({ type: 'track', event: EVENT, properties } as never) as readonly Violation[])
    .length === 0

/** `sent` is accepted before and rejected after: the diff may not call the change safe. */
function expectNotSafe(before: PropertySpec, after: PropertySpec, sent: object) {
  const plans = { before: planOf(before), after: planOf(after) }
  expect(accepts(plans.before, sent), 'before').toBe(true)
  expect(accepts(plans.after, sent), 'after').toBe(false)
  const changes = diffPlans(plans.before, plans.after)
  expect(
    changes.filter((c) => c.severity !== 'safe'),
    changes.map((c) => c.message).join('\n'),
  ).not.toEqual([])
}

const notFive = (v: unknown) => v !== 5
// a value no sample tries: only what the JSON Schema does not show can tell
const notRare = (v: unknown) => v !== 'q7~x'

describe('diff: a refinement moved to another place is not safe', () => {
  it('from a union option onto the whole value: (string).refine(not 5) | number → (unknown).refine(not 5)', () => {
    expectNotSafe(z.union([z.string().refine(notFive), z.number()]), z.unknown().refine(notFive), {
      value: 5,
    })
  })

  it('from one key of an object to another, beside a widened bound', () => {
    expectNotSafe(
      z.object({ a: z.string().refine(notRare), b: z.string().max(5) }),
      z.object({ a: z.string(), b: z.string().refine(notRare).max(9) }),
      { value: { a: 'x', b: 'q7~x' } },
    )
  })

  it('one refined schema shared by two keys, where it was on one, beside a widened bound', () => {
    const refined = z.string().refine(notRare)
    expectNotSafe(
      z.object({ a: refined, b: z.string().max(5), c: z.number().max(1) }),
      z.object({ a: refined, b: refined, c: z.number().max(2) }),
      { value: { a: 'x', b: 'q7~x', c: 0 } },
    )
  })

  it('an unmoved refinement still leaves a widening safe', () => {
    const changes = diffPlans(
      planOf(z.object({ a: z.string().refine(notRare).max(5) })),
      planOf(z.object({ a: z.string().refine(notRare).max(10) })),
    )
    expect(changes.map((c) => c.severity)).toEqual(['safe'])
  })
})
