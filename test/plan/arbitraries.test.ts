import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compilePlan } from '../../src/plan/validate'
import { awkwardName, planArbitrary, validProperties } from './arbitraries'

// the generators the plan oracles stand on: what they call valid, the runtime accepts (names of
// Object.prototype members are the checker's own fuzz test's business)
describe('plan arbitraries', () => {
  it('validProperties gives properties the runtime check accepts', () => {
    const planAndEvent = fc
      .oneof(
        planArbitrary(),
        planArbitrary({ names: awkwardName.filter((n) => !(n in Object.prototype)) }),
      )
      .chain((plan) => fc.tuple(fc.constant(plan), fc.constantFrom(...Object.keys(plan.events))))
    fc.assert(
      fc.property(
        planAndEvent.chain(([plan, event]) =>
          fc.tuple(fc.constant(plan), fc.constant(event), validProperties(plan, event)),
        ),
        ([plan, event, properties]) => {
          const found = compilePlan(plan)({ type: 'track', event, properties } as never)
          expect(found.filter((v) => v.kind !== 'naming')).toEqual([])
        },
      ),
      { numRuns: 300 },
    )
  }, 60_000)
})
