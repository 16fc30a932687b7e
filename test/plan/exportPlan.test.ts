// @vitest-environment node
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { TrackingPlan } from 'trackplan/tools'
import type { JsonValue } from '../../src/core/event'
import { planToJsonSchema } from '../../src/plan/exportPlan'
import { planArbitrary, validProperties } from './arbitraries'
import { mutated } from './mutate'
import { ajvValidator, runtimeViolations } from './reference'

type Properties = { [key: string]: JsonValue }

/** The exported schema's verdict on a track call, and the runtime's. */
function judge(plan: TrackingPlan, event: string, properties: Properties) {
  const schemas = planToJsonSchema(plan)
  return {
    runtime: runtimeViolations(plan, event, properties).length === 0,
    ajv: ajvValidator(schemas[event]!)({ event, properties }),
  }
}

describe('exportPlan: json-schema', () => {
  it('11. context properties are in every event schema, optional, checked where present', () => {
    const plan: TrackingPlan = {
      contextProperties: {
        app: { type: 'string', enum: ['web', 'ios'], required: true },
        build: z.number().int(),
        section: { type: 'string' },
      },
      events: {
        'Viewed Page': { additionalProperties: false, properties: { path: { type: 'string' } } },
        'Chose Plan': { properties: { section: { type: 'integer', required: true } } },
      },
    }
    const cases: [string, Properties][] = [
      ['Viewed Page', { app: 'web', build: 3, path: '/' }],
      ['Viewed Page', {}],
      ['Viewed Page', { app: 'android' }],
      ['Viewed Page', { build: 1.5 }],
      ['Viewed Page', { other: 1 }],
      ['Chose Plan', { section: 2 }],
      ['Chose Plan', { section: 'top' }],
      ['Chose Plan', { app: 'ios' }],
    ]
    expect(cases.map(([event, properties]) => judge(plan, event, properties))).toEqual([
      { runtime: true, ajv: true },
      { runtime: true, ajv: true },
      { runtime: false, ajv: false },
      { runtime: false, ajv: false },
      { runtime: false, ajv: false },
      { runtime: true, ajv: true },
      { runtime: false, ajv: false },
      { runtime: false, ajv: false },
    ])
    const schema = planToJsonSchema(plan)['Viewed Page'] as {
      properties: { properties: { required: string[] } }
    }
    expect(schema.properties.properties.required).toEqual([])
  })
})

/** Plans, one of their events, and properties for it: valid by construction, or one change away. */
const callArbitrary = planArbitrary()
  .chain((plan) => fc.tuple(fc.constant(plan), fc.constantFrom(...Object.keys(plan.events))))
  .chain(([plan, event]) =>
    fc.tuple(
      fc.constant(plan),
      fc.constant(event),
      validProperties(plan, event).chain((properties) =>
        fc.oneof(
          fc.constant(properties),
          mutated(
            properties,
            fc.constantFrom('extra', 'app', 'section', 'plan', 'price', 'tags'),
          ).filter(
            (v): v is Properties => v !== null && typeof v === 'object' && !Array.isArray(v),
          ),
        ),
      ),
    ),
  )

describe('export agrees with the runtime', () => {
  it('on generated plans and calls, the runtime check and ajv on the exported schema give one verdict', () => {
    let accepted = 0
    fc.assert(
      fc.property(callArbitrary, ([plan, event, properties]) => {
        const { runtime, ajv } = judge(plan, event, properties)
        if (runtime) accepted++
        // fast-check prints the plan, the event and the properties that disagree
        expect(ajv).toBe(runtime)
      }),
      { numRuns: 1000 },
    )
    // both verdicts occur often enough to mean something
    expect(accepted).toBeGreaterThan(200)
    expect(accepted).toBeLessThan(900)
  }, 60_000)
})
