// A breaking change's witness shows that change: where several changes sit inside one property
// (an object's keys, an array's items), the event printed beside each holds a value at the place
// that change is about. Found on Iglu Central's remote_config 1-0-0 → 1-0-1: one string made
// shorter inside the array's items, and two dozen "was removed" lines each "proved" by that
// string's witness.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { diffPlans, type TrackingPlan } from '../../src/tools'
import type { PropertySpec } from '../../src/plan/types'

const plan = (spec: PropertySpec): TrackingPlan => ({
  events: { 'Saved Config': { properties: { bundle: spec } } },
})
const changesOf = (before: PropertySpec, after: PropertySpec) =>
  diffPlans(plan(before), plan(after)).map((c) => ({
    property: c.property,
    severity: c.severity,
    witness: c.witness?.properties.bundle,
  }))

describe('diff: each witness shows its own change', () => {
  it('two breaking changes in one object: a key removed from a strict object, a string bounded', () => {
    const before = z.strictObject({ city: z.string(), zip: z.string().optional() })
    const after = z.strictObject({ city: z.string().max(3) })
    const changes = changesOf(before, after)
    expect(changes.map(({ property, severity }) => ({ property, severity }))).toEqual([
      { property: 'bundle.city', severity: 'breaking' },
      { property: 'bundle.zip', severity: 'breaking' },
    ])
    const [city, zip] = changes.map((c) => c.witness as { city?: string; zip?: string })
    expect(city!.city!.length).toBeGreaterThan(3)
    expect(zip).toHaveProperty('zip')
  })

  it("a change no witness shows is left to review, not proved by another change's witness", () => {
    const item = (namespace: z.ZodString, config: z.ZodType) =>
      z.array(z.object({ namespace, config }))
    const before = item(z.string(), z.object({ appId: z.string() }).optional())
    // the config may now be null too (nothing is rejected there); the namespace got a bound
    const after = item(z.string().max(8), z.object({ appId: z.string() }).nullable().optional())
    const changes = diffPlans(plan(before), plan(after))
    const bounded = changes.find((c) => c.property === 'bundle[].namespace')!
    expect(bounded.severity).toBe('breaking')
    for (const change of changes.filter((c) => c !== bounded))
      expect({ property: change.property, severity: change.severity }).not.toEqual({
        property: change.property,
        severity: 'breaking',
      })
  })
})

describe('diff: a zod schema is what it says, not what it has run', () => {
  // zod 4.6 wraps a container's parse until its first parse, then takes the wrapper out: one
  // plan's object that has checked a value and the other's that has not are the same schema
  it('the same plan loaded twice, one copy already used: no changes', () => {
    const load = (): TrackingPlan => ({
      events: {
        'Bounced Email': {
          properties: {
            user: z
              .object({ id: z.string().max(255).nullable().optional(), email: z.email() })
              .optional(),
          },
        },
      },
    })
    const used = load()
    const user = used.events['Bounced Email']!.properties!.user as z.ZodType
    user.safeParse({ email: 'someone@example.com' })
    expect(diffPlans(used, load())).toEqual([])
    expect(diffPlans(load(), used)).toEqual([])
  })
})
