// @vitest-environment node
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createJiti } from 'jiti'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { exportPlan, importPlan, lintPlan, type TrackingPlan } from 'trackplan/tools'
import type { JsonValue } from '../../src/core/event'
import { loadPlanModule } from './planModule'
import { ajvValidator, runtimeViolations } from './reference'

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
      // a row with no event name and none above it to continue (decision 0129)
      'event,property,type,colour\n,b,string,\nViewed Page,a,strnig,red\n',
      'csv',
    )
    expect(report.map((n) => [n.kind, n.event ?? null, n.message])).toEqual([
      ['dropped', null, 'column "colour" is not a plan column: ignored'],
      ['dropped', null, 'a row without an event name was skipped: , b, string, '],
      ['dropped', 'Viewed Page', 'type "strnig" is not a JSON type: imported as any value'],
    ])
  })
})

describe('importPlan: JSON Schema, Iglu, Segment Protocols', () => {
  const files = (dir: string, names: string[]) =>
    names.map((n) => ({ path: `${dir}/${n}`, text: read(`import/${dir}/${n}`) }))

  it('a draft-07 folder: plain where the plan can say it (a local $ref read where it points), zod where it cannot, every unsupported construct reported', async () => {
    const { report, source } = importPlan(
      files('draft07', ['started-checkout.json', 'viewed-pricing.json']),
    )
    expect(
      report
        .filter((n) => n.kind === 'dropped')
        .map((n) => `${n.event}${n.property ? `.${n.property}` : ''}: ${n.message}`),
    ).toEqual([
      'Started Checkout.note: "not" was not imported (no plan or zod equivalent here)',
      'Viewed Pricing.features: "uniqueItems" was not imported (no plan or zod equivalent here)',
    ])
    expect(
      report.filter((n) => n.kind === 'schema').map((n) => `${n.property}: ${n.message}`),
    ).toEqual([
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
    expect(source).toContain("cart: { type: 'object' },")
    expect(source).toContain(
      "channel: z.xor([z.enum(['web', 'app']), z.number().int()]).optional(),",
    )
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
      'z.number().int() takes integers up to 2^53 − 1 (Number.MAX_SAFE_INTEGER) only; JSON Schema any',
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

  it("trackplan's own JSON Schema export (2020-12 too): const → z.literal, prefixItems → a tuple", async () => {
    const { source, report } = importPlan(read('import/schemas-2020-12.json'))
    expect(report.filter((n) => n.kind === 'dropped')).toEqual([])
    expect(source).toContain("plan: z.literal('pro'),")
    expect(source).toContain(
      'position: z.tuple([z.number().optional(), z.number().optional()]).rest(z.json()).optional(),',
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

/** Imports one event's JSON Schema; each instance's verdict from the imported plan and from ajv. */
function verdicts(schema: object, instances: JsonValue[]) {
  const { source, report } = importPlan(JSON.stringify({ title: 'Viewed Page', ...schema }))
  const plan = loadPlanModule(source)
  const ajv = ajvValidator(schema)
  return {
    report,
    verdicts: instances.map((instance) => ({
      instance,
      runtime:
        runtimeViolations(plan, 'Viewed Page', instance as { [key: string]: JsonValue }).length ===
        0,
      ajv: ajv(instance),
    })),
  }
}

/** Every instance judged alike by the imported plan and by ajv. */
const agrees = (schema: object, instances: JsonValue[]) =>
  expect(verdicts(schema, instances).verdicts.filter((v) => v.runtime !== v.ajv)).toEqual([])

describe('importPlan: what issue 33 found', () => {
  it('5. a pattern with an escaped slash loads, and means what it says', () => {
    const schema = {
      type: 'object',
      properties: {
        url: { type: 'string', pattern: '^https?:\\/\\/' },
        path: { type: 'string', pattern: '^/a/[/]b' },
      },
    }
    agrees(schema, [
      { url: 'https://x.io' },
      { url: 'http://x' },
      { url: 'ftp://x' },
      { url: 'https:/x' },
      { path: '/a//b' },
      { path: '/a/b' },
    ])
  })

  it("6. patterns keep JSON Schema's unicode semantics (the `u` flag, as ajv)", () => {
    agrees(
      {
        type: 'object',
        properties: {
          name: { type: 'string', pattern: '^\\p{Lu}' },
          emoji: { type: 'string', pattern: '^.$' },
        },
      },
      [
        { name: 'Alice' },
        { name: 'alice' },
        { name: 'p{Lu}' },
        { name: 'Émile' },
        { emoji: '😀' },
        { emoji: 'ab' },
      ],
    )
  })

  it('7. keywords beside anyOf/oneOf, boolean subschemas and required names without a property are kept', () => {
    agrees(
      {
        type: 'object',
        properties: {
          code: { type: 'string', minLength: 3, anyOf: [{ pattern: '^a' }, { pattern: '^b' }] },
          size: { type: 'integer', oneOf: [{ minimum: 10 }, { multipleOf: 2 }] },
          gone: false,
          anything: true,
          list: { type: 'array', items: false },
          either: { anyOf: [false, { type: 'string' }] },
        },
        required: ['id', 'anything'],
      },
      [
        { id: 1, anything: null },
        { id: 'x', anything: 1, code: 'abc' },
        { anything: 1 },
        { id: 1 },
        { id: 1, anything: 1, code: 'a' },
        { id: 1, anything: 1, code: 'cde' },
        { id: 1, anything: 1, size: 12 },
        { id: 1, anything: 1, size: 11 },
        { id: 1, anything: 1, size: 4 },
        { id: 1, anything: 1, gone: 1 },
        { id: 1, anything: 1, list: [] },
        { id: 1, anything: 1, list: [1] },
        { id: 1, anything: 1, either: 'x' },
        { id: 1, anything: 1, either: 1 },
      ],
    )
  })

  it('8. Iglu schemas of two vendors with one name are two events', () => {
    const iglu = (vendor: string, property: string) => ({
      path: `${vendor}/click/jsonschema/1-0-0`,
      text: JSON.stringify({
        $schema:
          'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
        self: { vendor, name: 'click', format: 'jsonschema', version: '1-0-0' },
        type: 'object',
        properties: { [property]: { type: 'string' } },
      }),
    })
    const { source, report } = importPlan([iglu('com.acme', 'label'), iglu('com.globex', 'target')])
    const plan = loadPlanModule(source)
    expect(Object.keys(plan.events)).toEqual(['com.acme/click', 'com.globex/click'])
    expect(Object.keys(plan.events['com.acme/click']!.properties!)).toEqual(['label'])
    expect(Object.keys(plan.events['com.globex/click']!.properties!)).toEqual(['target'])
    expect(report.filter((n) => n.kind === 'note').map((n) => n.message)).toContain(
      'two vendors name an event "click": each is named by its vendor and name',
    )
  })

  it('hunt: an optional key named like an Object.prototype member in a zod object is reported (zod reads it from the prototype)', () => {
    const schema = {
      type: 'object',
      properties: {
        meta: {
          type: 'object',
          properties: { constructor: { type: 'string' }, size: { type: 'integer', minimum: 0 } },
        },
      },
    }
    const { report, verdicts: judged } = verdicts(schema, [{ meta: {} }, { meta: { size: 1 } }])
    expect(judged.map((v) => [v.runtime, v.ajv])).toEqual([
      [false, true],
      [false, true],
    ])
    expect(report).toContainEqual({
      kind: 'note',
      message:
        'zod reads a missing "constructor" from Object.prototype: an object without it is rejected',
      event: 'Viewed Page',
      property: 'meta.constructor',
    })
  })
})
