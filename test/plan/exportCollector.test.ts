// @vitest-environment node
// The exported JSON Schemas fed to ajv as a collector sets it up — `addFormats(new Ajv())`,
// ajv's defaults, strict mode included — next to trackplan's own checker (`compilePlan`), on
// the calls senders post: with properties, and without (Segment's spec makes them optional).
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { TrackingPlan } from 'trackplan/tools'
import { compilePlan } from '../../src/plan/validate'
import { planToJsonSchema } from '../../src/plan/exportPlan'

const collectorAjv = () => addFormats(new Ajv())

/** The collector's verdict and the checker's on one call. */
function verdicts(plan: TrackingPlan, call: { type: string; event: string; properties?: object }) {
  const validate = collectorAjv().compile(planToJsonSchema(plan)[call.event]!)
  const check = compilePlan(plan)
  return {
    ajv: validate(call),
    runtime:
      check(call as never).filter((v) => v.kind !== 'naming' && v.kind !== 'duplicate').length ===
      0,
  }
}

describe('export, as a collector validates with it', () => {
  const plan: TrackingPlan = {
    events: {
      'Signed Out': {},
      'Viewed Pricing': { properties: { plan: { type: 'string' } } },
      'Chose Plan': { properties: { plan: { type: 'string', required: true } } },
    },
  }

  it('a call without properties: accepted where nothing is required, as the checker reads it', () => {
    expect(verdicts(plan, { type: 'track', event: 'Signed Out' })).toEqual({
      ajv: true,
      runtime: true,
    })
    expect(verdicts(plan, { type: 'track', event: 'Viewed Pricing' })).toEqual({
      ajv: true,
      runtime: true,
    })
    expect(verdicts(plan, { type: 'track', event: 'Chose Plan' })).toEqual({
      ajv: false,
      runtime: false,
    })
    expect(verdicts(plan, { type: 'track', event: 'Chose Plan', properties: {} })).toEqual({
      ajv: false,
      runtime: false,
    })
  })

  it("compiles in ajv's strict mode with zod's own string formats (cuid, ulid, nanoid, …), their patterns kept", () => {
    const formats = {
      cuid: [z.cuid(), 'cjld2cjxh0000qzrmn831i7rn', 'not a cuid!'],
      cuid2: [z.cuid2(), 'tz4a98xxat96iws9zmbrgj3a', 'NOT-CUID2'],
      ulid: [z.ulid(), '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ulid?'],
      nanoid: [z.nanoid(), 'V1StGXR8_Z5jdHi6B-myT', 'short'],
      base64: [z.base64(), 'aGVsbG8=', 'not base64!'],
      base64url: [z.base64url(), 'aGVsbG8', 'not+url/'],
      e164: [z.e164(), '+14155552671', '555-2671'],
      hex: [z.hex(), 'c0ffee', 'coffee'],
      cidrv4: [z.cidrv4(), '10.0.0.0/8', '10.0.0.0'],
      emoji: [z.emoji(), '🎉', 'party'],
    } as const
    const zodPlan: TrackingPlan = {
      events: Object.fromEntries(
        Object.entries(formats).map(([name, [schema]]) => [
          `Saved ${name}`,
          { properties: { id: schema } },
        ]),
      ),
    }
    const schemas = planToJsonSchema(zodPlan)
    const ajv = collectorAjv()
    for (const [name, [, valid, invalid]] of Object.entries(formats)) {
      const validate = ajv.compile(schemas[`Saved ${name}`]!)
      const call = (id: string) => ({ event: `Saved ${name}`, properties: { id } })
      expect({ name, valid: validate(call(valid)), invalid: validate(call(invalid)) }).toEqual({
        name,
        valid: true,
        invalid: false,
      })
    }
  })
})
