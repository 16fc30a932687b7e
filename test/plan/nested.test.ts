// Nested property specs: objects with `properties`, arrays with `items` (what imported plans need).
import { describe, expect, it } from 'vitest'
import { defineTrackingPlan, type TrackedEvent } from 'trackplan/core'
import { diffPlans, exportPlan, lintPlan } from 'trackplan/tools'
import { createTestTracker } from 'trackplan/testing'

const plan = defineTrackingPlan({
  events: {
    'Completed Order': {
      properties: {
        address: {
          type: 'object',
          required: true,
          additionalProperties: false,
          properties: { city: { type: 'string', required: true }, zip: { type: 'string' } },
        },
        lines: {
          type: 'array',
          items: {
            type: 'object',
            properties: { sku: { type: 'string', required: true }, qty: { type: 'integer' } },
          },
        },
        tags: { type: 'array', items: { type: 'string', enum: ['gift', 'promo'] } },
      },
    },
  },
})
type Loose = (event: string, properties?: Record<string, unknown>) => TrackedEvent | null

describe('nested specs', () => {
  it('the runtime check walks objects and array items, naming the path', async () => {
    const t = createTestTracker({ plan })
    const track = t.tracker.track as unknown as Loose
    track('Completed Order', {
      address: { city: 'Oslo' },
      lines: [{ sku: 'a', qty: 1 }],
      tags: ['gift'],
    })
    expect(t.violations()).toEqual([])
    track('Completed Order', {
      address: { zip: 1, floor: 3 },
      lines: [{ qty: 1.5 }],
      tags: ['gift', 'sale'],
    })
    expect(t.violations().map((v) => [v.property, v.message])).toEqual([
      ['address.city', '"Completed Order": missing required property "address.city" (a string)'],
      [
        'address.zip',
        '"Completed Order": property "address.zip" must be a string, got a number (1)',
      ],
      [
        'address.floor',
        '"Completed Order": unexpected property "address.floor" (the plan lists "city", "zip")',
      ],
      ['lines[0].sku', '"Completed Order": missing required property "lines[0].sku" (a string)'],
      [
        'lines[0].qty',
        '"Completed Order": property "lines[0].qty" must be an integer, got a number (1.5)',
      ],
      [
        'tags[1]',
        '"Completed Order": property "tags[1]" must be one of "gift", "promo"; got "sale"',
      ],
    ])
  })

  it('exports nested JSON Schema and one CSV row per nested property', () => {
    const schema = JSON.parse(exportPlan(plan, 'json-schema'))['Completed Order'] as {
      properties: { properties: { properties: Record<string, unknown> } }
    }
    expect(schema.properties.properties.properties.address).toEqual({
      type: 'object',
      properties: { city: { type: 'string' }, zip: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    })
    expect(schema.properties.properties.properties.tags).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['gift', 'promo'] },
    })
    expect(
      exportPlan(plan, 'csv')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((r) => r.split(',').slice(4, 8).join(',')),
    ).toEqual([
      'address,object,yes,',
      'address.city,string,yes,',
      'address.zip,string,no,',
      'lines,array,no,',
      'lines[],object,no,',
      'lines[].sku,string,yes,',
      'lines[].qty,integer,no,',
      'tags,array,no,',
      'tags[],string,no,"gift',
    ])
  })

  it('lint and diff see nested specs', () => {
    expect(
      lintPlan({
        events: {
          'Viewed Page': {
            properties: { a: { type: 'object', properties: { b: { type: 'strng' as 'string' } } } },
          },
        },
      }).map((p) => p.message),
    ).toEqual([
      'property "a.b" has type "strng"; use one of string, number, integer, boolean, array, object',
    ])
    const after = structuredClone(plan) as unknown as {
      events: { 'Completed Order': { properties: { tags: { items: { enum: string[] } } } } }
    }
    after.events['Completed Order'].properties.tags.items.enum = ['gift']
    expect(diffPlans(plan, after as never).map((c) => c.message)).toEqual([
      '"Completed Order": property "tags[]" lost enum value(s) "promo"',
    ])
  })
})
