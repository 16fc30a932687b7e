// @vitest-environment node
// A change at a later place of a list's items — a tuple's second position, an object's last
// key — is proved like one at the first: the witness search tries each place early, before a
// parent keeps a child's first few samples. Found by the diff oracle at seed -1058834458
// (ORACLE_RUNS=20000): number → integer at a tuple's second position, in a list, was left
// "review by hand" and failed the oracle.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compilePlan, type TrackingPlan, type Violation } from 'trackplan/server'
import { diffPlans } from 'trackplan/tools'
import type { PropertySpec } from '../../src/plan/types'

const EVENT = 'Chose Plan'
const planOf = (spec: PropertySpec, closed = false): TrackingPlan => ({
  events: {
    [EVENT]: { properties: { kind: spec }, ...(closed ? { additionalProperties: false } : {}) },
  },
})
const accepts = (plan: TrackingPlan, properties: unknown): boolean =>
  (compilePlan(plan)({ type: 'track', event: EVENT, properties } as never) as readonly Violation[])
    .length === 0

/** `sent` is accepted before and rejected after: the diff reports a breaking change, proved. */
function expectProved(before: TrackingPlan, after: TrackingPlan, sent: object) {
  expect(accepts(before, sent), 'before').toBe(true)
  expect(accepts(after, sent), 'after').toBe(false)
  const breaking = diffPlans(before, after).filter((c) => c.severity === 'breaking')
  expect(breaking).not.toEqual([])
  for (const change of breaking) {
    expect(accepts(before, change.witness!.properties), `${change.message}: before`).toBe(true)
    expect(accepts(after, change.witness!.properties), `${change.message}: after`).toBe(false)
  }
}

describe('diff: a change at a later place of a list item is proved', () => {
  it("the oracle's counterexample: a tuple's second number made an integer, in a list of 1 to 3, the event opened", () => {
    const tags = z.tuple([z.string().min(3).max(4), z.number().gt(-2).lte(3), z.boolean()])
    const kind = (second: z.ZodNumber) =>
      z
        .array(z.tuple([z.number().gte(0), second.lte(3)]))
        .min(1)
        .max(3)
        .optional()
    const plan = (second: z.ZodNumber, closed: boolean): TrackingPlan => ({
      contextProperties: { app: z.number().lt(0).optional() },
      events: {
        [EVENT]: {
          properties: {
            kind: kind(second),
            tags: tags.nullable(),
            meta: z.union([z.literal(4), z.literal(0), z.literal(2)]).optional(),
          },
          ...(closed ? { additionalProperties: false } : {}),
        },
      },
    })
    expectProved(plan(z.number(), true), plan(z.int(), false), {
      kind: [[0, -5e-324]],
      tags: ['   ', 0, false],
    })
  })

  it("a tuple's second position", () => {
    expectProved(
      planOf(z.array(z.tuple([z.number(), z.number()]))),
      planOf(z.array(z.tuple([z.number(), z.int()]))),
      { kind: [[0, 0.5]] },
    )
  })

  it("a tuple's third position", () => {
    expectProved(
      planOf(z.array(z.tuple([z.string(), z.string(), z.string().max(5)]))),
      planOf(z.array(z.tuple([z.string(), z.string(), z.string().max(4)]))),
      { kind: [['', '', 'xxxxx']] },
    )
  })

  it("an object's second key", () => {
    expectProved(
      planOf(z.array(z.object({ a: z.number(), b: z.number() }))),
      planOf(z.array(z.object({ a: z.number(), b: z.int() }))),
      { kind: [{ a: 0, b: 0.5 }] },
    )
  })

  it("an object's third key", () => {
    expectProved(
      planOf(z.array(z.object({ a: z.string(), b: z.string(), c: z.string().max(5) }))),
      planOf(z.array(z.object({ a: z.string(), b: z.string(), c: z.string().max(4) }))),
      { kind: [{ a: '', b: '', c: 'xxxxx' }] },
    )
  })
})
