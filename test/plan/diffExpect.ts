// What the diff tests check of every change they expect: a breaking change carries a witness
// the plans' own checkers confirm (accepted before, rejected after).
import { expect } from 'vitest'
import { compilePlan, type TrackingPlan, type Violation } from 'trackplan/server'
import { diffPlans, type PlanChange } from 'trackplan/tools'
import type { PropertySpec } from '../../src/plan/types'

export const EVENT = 'Viewed Page'
/** A plan of one event whose property `value` is `spec`. */
export const planOf = (spec: PropertySpec): TrackingPlan => ({
  events: { [EVENT]: { properties: { value: spec } } },
})

/** What a plan's runtime checker says of an event (synchronous schemas only). */
export const accepts = (plan: TrackingPlan, event: string, properties: unknown): boolean =>
  (compilePlan(plan)({ type: 'track', event, properties } as never) as readonly Violation[])
    .length === 0

/** Every breaking change's witness, checked by the plans' own checkers. */
export function expectWitnessesHold(
  before: TrackingPlan,
  after: TrackingPlan,
  changes: PlanChange[],
) {
  for (const change of changes.filter((c) => c.severity === 'breaking')) {
    expect(change.witness, change.message).toBeDefined()
    const { event, properties } = change.witness!
    expect(accepts(before, event, properties), `${change.message}: before`).toBe(true)
    expect(accepts(after, event, properties), `${change.message}: after`).toBe(false)
  }
}

/** `counterexample` is valid before and not after: the diff proves a breaking change. */
export function expectProvedBreaking(
  before: PropertySpec,
  after: PropertySpec,
  counterexample: unknown,
) {
  const plans = { before: planOf(before), after: planOf(after) }
  const sent = { value: counterexample }
  expect(accepts(plans.before, EVENT, sent), 'the counterexample, before').toBe(true)
  expect(accepts(plans.after, EVENT, sent), 'the counterexample, after').toBe(false)
  const changes = diffPlans(plans.before, plans.after)
  const breaking = changes.filter((c) => c.severity === 'breaking')
  expect(breaking, changes.map((c) => c.message).join('\n')).not.toEqual([])
  expectWitnessesHold(plans.before, plans.after, changes)
  return changes
}
