import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { diffPlans, formatPlanDiff, type TrackingPlan } from 'trackplan/tools'

const kinds = (before: TrackingPlan, after: TrackingPlan) =>
  diffPlans(before, after).map((c) => [c.kind, c.severity, c.property ?? null])

describe('diffPlans: what the CLI fixtures do not show', () => {
  it('relaxing is safe: extra properties allowed again, optional, enum dropped, bounds widened, items unlimited', () => {
    expect(
      kinds(
        {
          events: {
            'Viewed Page': {
              additionalProperties: false,
              properties: {
                a: { type: 'string', required: true },
                b: { type: 'string', enum: ['x'] },
                c: z.number().max(5),
                d: z.array(z.string()),
              },
            },
          },
        },
        {
          events: {
            'Viewed Page': {
              properties: {
                a: { type: 'string' },
                b: { type: 'string' },
                c: z.number().max(10),
                d: z.array(z.unknown()),
              },
            },
          },
        },
      ),
    ).toEqual([
      ['event-opened', 'safe', null],
      ['property-optional', 'safe', 'a'],
      ['enum-removed', 'safe', 'b'],
      ['constraint-widened', 'safe', 'c'],
      ['type-widened', 'safe', 'd[]'],
    ])
  })

  it('string → enum through zod, a narrower array item type, a nested object property removed', () => {
    expect(
      kinds(
        {
          events: {
            'Chose Plan': {
              properties: {
                plan: z.string(),
                tags: z.array(z.union([z.string(), z.number()])),
                meta: z.object({ a: z.string(), b: z.string() }),
              },
            },
          },
        },
        {
          events: {
            'Chose Plan': {
              properties: {
                plan: z.enum(['free', 'pro']),
                tags: z.array(z.string()),
                meta: z.object({ a: z.string() }),
              },
            },
          },
        },
      ),
    ).toEqual([
      ['enum-added', 'breaking', 'plan'],
      ['type-narrowed', 'breaking', 'tags[]'],
      // a zod object takes keys it does not list: nothing sent is rejected
      ['property-removed', 'unknown', 'meta.b'],
    ])
  })

  it('context properties are compared too; a rename found through the plan synonyms keeps comparing its properties', () => {
    const changes = diffPlans(
      {
        contextProperties: { app: { type: 'string' } },
        events: { Registered: { properties: { method: { type: 'string' } } } },
      },
      {
        synonyms: [['Registered', 'Signed Up']],
        contextProperties: { app: { type: 'string', enum: ['web'] } },
        events: { 'Signed Up': { properties: {} } },
      },
    )
    expect(changes.map((c) => c.message)).toEqual([
      '"Registered" was removed and "Signed Up" added: probably a rename, which splits its history in reports',
      '"Signed Up": property "method" was removed (it is still accepted as an unlisted key, so nothing sent is rejected: review by hand whether anything reads it)',
      '"(context properties)": property "app" is now limited to "web"',
    ])
  })

  it('no changes between a plan and itself; formatPlanDiff in every format', () => {
    const plan: TrackingPlan = { events: { 'Viewed Page': { properties: { a: z.string() } } } }
    expect(diffPlans(plan, plan)).toEqual([])
    expect(formatPlanDiff([], 'text')).toBe('trackplan diff: no changes\n')
    expect(formatPlanDiff([], 'markdown')).toBe('### Tracking plan: no changes\n\n')
    expect(JSON.parse(formatPlanDiff([], 'json'))).toEqual({
      breaking: 0,
      unknown: 0,
      safe: 0,
      changes: [],
    })
  })
})
