// @vitest-environment node
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createJiti } from 'jiti'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { exportPlan, importPlan, lintPlan, type TrackingPlan } from 'trackplan/tools'

const fixtures = fileURLToPath(new URL('../cli/fixtures/', import.meta.url))
const read = (file: string) => readFileSync(fixtures + file, 'utf8')
const core = fileURLToPath(new URL('../../src/entries/core.ts', import.meta.url))

/** Loads generated plan source as a module (trackplan/core from the source tree). */
async function load(source: string): Promise<TrackingPlan> {
  const file = fileURLToPath(
    new URL(`./.imported-${Math.random().toString(36).slice(2)}.ts`, import.meta.url),
  )
  writeFileSync(file, source)
  try {
    const jiti = createJiti(import.meta.url, {
      alias: { 'trackplan/core': core },
      moduleCache: false,
    })
    return ((await jiti.import(file)) as { plan: TrackingPlan }).plan
  } finally {
    rmSync(file, { force: true })
  }
}

describe('importPlan: CSV', () => {
  it('export → import → export is byte-identical (zod properties, nested specs, enums with commas, formulas, line breaks)', async () => {
    const plans: TrackingPlan[] = [
      ((await createJiti(import.meta.url).import(fixtures + 'plan.ts')) as { plan: TrackingPlan })
        .plan,
      {
        naming: 'verb-noun',
        events: {
          'Chose Size': {
            description: '=HYPERLINK("x")',
            properties: {
              size: { type: 'string', enum: ['a, b', 'c'], description: 'Two\nlines' },
            },
          },
          'Moved Slider': {
            owner: '@design',
            properties: {
              delta: { type: 'integer', enum: [-1, 1] },
              on: { type: 'boolean', enum: [true] },
            },
          },
          'Completed Order': {
            properties: {
              address: {
                type: 'object',
                required: true,
                properties: { city: { type: 'string', required: true }, zip: { type: 'string' } },
              },
              lines: {
                type: 'array',
                items: { type: 'object', properties: { sku: { type: 'string', required: true } } },
              },
              tags: { type: 'array', items: { type: 'string', enum: ['gift', 'promo'] } },
              total: z.number().describe('In EUR'),
            },
          },
          'Signed Up': {},
        },
      },
    ]
    for (const plan of plans) {
      const csv = exportPlan(plan, 'csv')
      const { source, report } = importPlan(csv, 'csv')
      expect(report.filter((n) => n.kind !== 'check')).toEqual([])
      expect(exportPlan(await load(source), 'csv')).toBe(csv)
    }
  })

  it('spreadsheet variations: column order, header case, BOM, CRLF, blank lines, quoted commas and line breaks, type synonyms', () => {
    const { source, report, format } = importPlan(read('import/variations.csv'))
    expect(format).toBe('csv')
    expect(report).toEqual([])
    expect(source).toBe(
      `// Imported by \`trackplan import\` from input. Edit freely: this file is now the plan.
import { defineTrackingPlan } from 'trackplan/core'
`.replace(/^\/\/.*\n/, '') +
        `
export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    'Viewed Pricing': {
      description: 'The pricing table was shown',
      owner: 'growth',
      properties: {
        plan: {
          type: 'string',
          enum: ['free', 'pro'],
          required: true,
          description: 'The plan, highlighted',
        },
        price: { type: 'number', description: 'Monthly price\\nin EUR' },
      },
    },
    'Chose Size': { properties: { size: { type: 'string', enum: ['a, b', 'c'] } } },
    'Signed Up': { description: 'An account was created' },
  },
})

declare module 'trackplan/core' {
  interface Register {
    plan: typeof plan
  }
}
`,
    )
  })

  it('reports what it cannot read: unknown columns and types, rows without an event', () => {
    const { report } = importPlan(
      'event,property,type,colour\nViewed Page,a,strnig,red\n,b,string,\n',
      'csv',
    )
    expect(report.map((n) => [n.kind, n.event ?? null, n.message])).toEqual([
      ['dropped', null, 'column "colour" is not a plan column: ignored'],
      ['dropped', 'Viewed Page', 'type "strnig" is not a JSON type: imported as z.unknown()'],
      ['dropped', null, 'a row without an event name was skipped: , b, string, '],
    ])
  })
})

describe('importPlan: JSON Schema, Iglu, Segment Protocols', () => {
  const files = (dir: string, names: string[]) =>
    names.map((n) => ({ path: `${dir}/${n}`, text: read(`import/${dir}/${n}`) }))

  it('a draft-07 folder: plain where the plan can say it, zod where it cannot, every unsupported construct reported', async () => {
    const { report, source } = importPlan(
      files('draft07', ['started-checkout.json', 'viewed-pricing.json']),
    )
    expect(
      report
        .filter((n) => n.kind === 'dropped')
        .map((n) => `${n.event}${n.property ? `.${n.property}` : ''}: ${n.message}`),
    ).toEqual([
      'Started Checkout.cart: $ref "#/definitions/cart" was not imported (no plan or zod equivalent here)',
      'Started Checkout.note: "not" was not imported (no plan or zod equivalent here)',
      'Started Checkout: "definitions" on the event\'s properties was not imported',
      'Viewed Pricing.features: "uniqueItems" was not imported (no plan or zod equivalent here)',
    ])
    expect(
      report.filter((n) => n.kind === 'schema').map((n) => `${n.property}: ${n.message}`),
    ).toEqual([
      'cart: no type; $ref',
      'email: format',
      'channel: no type; oneOf',
      'note: not',
      'price: exclusiveMinimum',
      'features: uniqueItems',
    ])
    const plan = await load(source)
    expect(Object.keys(plan.events)).toEqual(['Started Checkout', 'Viewed Pricing'])
    expect(plan.naming).toBe('verb-noun')
    expect(lintPlan(plan)).toEqual([])
    expect(source).toContain('email: z.email(),')
    expect(source).toContain('price: z.number().gt(0).optional(),')
  })

  it('Iglu self-describing schemas: named by self.name, the newest version kept, the older reported', async () => {
    const dir = 'iglu/schemas/com.acme'
    const { source, report } = importPlan(
      files(dir, [
        'button_click/jsonschema/1-0-0',
        'button_click/jsonschema/1-0-1',
        'checkout_step/jsonschema/1-0-0',
      ]),
    )
    expect(report[0]).toEqual({
      kind: 'note',
      event: 'button_click',
      message: 'version 1-0-0 was not imported: version 1-0-1 is newer',
    })
    const plan = await load(source)
    expect(plan.naming).toBe('snake_case')
    expect(plan.events.button_click!.additionalProperties).toBe(false)
    expect(Object.keys(plan.events.button_click!.properties!)).toEqual(['id', 'label', 'position'])
    expect(plan.events.checkout_step!.properties!.payment).toEqual({
      type: 'object',
      properties: {
        method: { type: 'string', enum: ['card', 'paypal'], required: true },
        saved: { type: 'boolean' },
      },
    })
  })

  it('Segment Protocols: the Config API (rules.events[], newest version, global → contextProperties) and the Public API (rules[] with key)', async () => {
    const config = importPlan(read('import/segment-config.json'))
    expect(config.format).toBe('segment-protocols')
    expect(config.report.filter((n) => n.kind === 'dropped').map((n) => n.message)).toEqual([
      'the identify rules were not imported: a plan lists track events',
    ])
    const plan = await load(config.source)
    expect(Object.keys(plan.events)).toEqual(['Order Completed', 'Product Viewed'])
    expect(plan.contextProperties).toEqual({ app: { type: 'string', enum: ['web', 'ios'] } })
    expect(plan.naming).toBe('object-action')
    expect(Object.keys(plan.events['Order Completed']!.properties!)).toEqual([
      'order_id',
      'total',
      'currency',
      'coupon',
      'products',
    ])

    const pub = importPlan(read('import/segment-public.json'))
    expect(pub.format).toBe('segment-protocols')
    expect(pub.report.map((n) => n.message)).toEqual([
      'maximum',
      'the IDENTIFY rule was not imported: a plan lists track events',
    ])
    const p2 = await load(pub.source)
    expect(Object.keys(p2.events)).toEqual(['Signup Started', 'Signup Completed'])
    expect(p2.events['Signup Started']!.properties!.method).toEqual({
      type: 'string',
      enum: ['email', 'google'],
      required: true,
    })
  })

  it("trackplan's own JSON Schema export (2020-12 too): const → z.literal, prefixItems reported", async () => {
    const { source, report } = importPlan(read('import/schemas-2020-12.json'))
    expect(report.filter((n) => n.kind === 'dropped').map((n) => n.message)).toEqual([
      '"prefixItems" was not imported (no plan or zod equivalent here)',
    ])
    expect(source).toContain(
      "'Clicked Upgrade': { properties: { plan: z.literal('pro'), position: z.array(z.unknown()).optional() } },",
    )
    expect(Object.keys((await load(source)).events)).toEqual([
      'Clicked Upgrade',
      'Dismissed Banner',
    ])
  })

  it('names are checked as trackplan check checks them; no events is an error naming the input', () => {
    const { report } = importPlan(
      JSON.stringify({ 'Sign Up': { type: 'object' }, signup: { type: 'object' } }),
    )
    expect(report.filter((n) => n.kind === 'check').map((n) => n.message)).toEqual([
      "the names follow no one convention (0 of 2 pass verb-noun, 0 of 2 pass object-action, 1 of 2 pass snake_case): `naming` was left out; rename, then set naming: 'snake_case' to have them checked",
      'near-duplicate of "signup": keep one name',
      'near-duplicate of "Sign Up": keep one name',
    ])
    expect(() => importPlan('{}')).toThrow('no events found in input')
  })
})
