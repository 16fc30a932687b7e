// @vitest-environment node
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'

const cwd = fileURLToPath(new URL('./fixtures/', import.meta.url))

async function run(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd })
  return { code, out, err }
}

describe('trackplan check', () => {
  it('exit 0 and a summary for a clean plan (.ts through jiti, .mts, default export)', async () => {
    expect(await run('check', 'plan.ts')).toEqual({ code: 0, out: '✓ 3 events, no problems (naming: verb-noun)\n', err: '' })
    expect((await run('check', 'clean.mts')).code).toBe(0)
  })

  it('exit 1 with each problem printed beside its event', async () => {
    const { code, out } = await run('check', 'problems.mjs')
    expect(code).toBe(1)
    expect(out.split('\n')).toEqual([
      '✗ signup: "signup" should have at least two words: a verb and what it acts on ("Viewed Pricing")',
      '✗ signup: "signup" is not Title Case: write "Signup"',
      '✗ Registered: "Registered" should have at least two words: a verb and what it acts on ("Viewed Pricing")',
      '✗ viewed pricing: "viewed pricing" is not Title Case: write "Viewed Pricing"',
      '✗ Clicked Plan: property "tier" has type "strng"; use one of string, number, integer, boolean, array, object',
      '✗ Clicked Plan: property "seats" is a integer but its enum has "2"',
      '✗ Signed Up: near-duplicate of "Registered": keep one name',
      '✗ Registered: near-duplicate of "Signed Up": keep one name',
      '8 problem(s) in 5 events',
      '',
    ])
  })
})

describe('trackplan export', () => {
  it('csv: the tracking-plan spreadsheet, one row per event property', async () => {
    const { code, out } = await run('export', 'plan.ts', '--format', 'csv')
    expect(code).toBe(0)
    expect(out.trimEnd().split('\n')).toEqual([
      'event,description,trigger,owner,property,type,required,allowed values,property description',
      'Viewed Pricing,The pricing table was shown,Pricing page mounted,growth,plan,string,yes,"free, pro, team",Plan highlighted',
      'Viewed Pricing,The pricing table was shown,Pricing page mounted,growth,price,number,no,,',
      'Completed Purchase,"Payment accepted, ""order"" created",,checkout,orderId,string,yes,,Order id',
      'Completed Purchase,"Payment accepted, ""order"" created",,checkout,total,number,yes,,',
      'Completed Purchase,"Payment accepted, ""order"" created",,checkout,coupon,string,no,,',
      'Signed Up,An account was created,,growth,,,,,',
    ])
  })

  it('markdown: the same as a table for docs', async () => {
    const { out } = await run('export', 'plan.ts', '--format=markdown')
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toBe('| event | description | trigger | owner | property | type | required | allowed values | property description |')
    expect(lines[1]).toBe('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    expect(lines[2]).toBe('| Viewed Pricing | The pricing table was shown | Pricing page mounted | growth | plan | string | yes | free, pro, team | Plan highlighted |')
    expect(lines).toHaveLength(8)
  })

  it('json-schema: draft-07 per event, validating a whole track call', async () => {
    const { out } = await run('export', 'plan.ts', '--format', 'json-schema')
    const schemas = JSON.parse(out)
    expect(Object.keys(schemas)).toEqual(['Viewed Pricing', 'Completed Purchase', 'Signed Up'])
    expect(schemas['Viewed Pricing']).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Viewed Pricing',
      description: 'The pricing table was shown',
      type: 'object',
      properties: {
        event: { const: 'Viewed Pricing' },
        properties: {
          type: 'object',
          properties: {
            plan: { type: 'string', enum: ['free', 'pro', 'team'], description: 'Plan highlighted' },
            price: { type: 'number' },
          },
          required: ['plan'],
        },
      },
      required: ['event', 'properties'],
    })
    const purchase = schemas['Completed Purchase'].properties.properties
    expect(purchase.required).toEqual(['orderId', 'total'])
    expect(purchase.additionalProperties).toBe(false)
    expect(purchase.properties.orderId).toMatchObject({ type: 'string', description: 'Order id' })
  })
})

describe('bad input: one line naming the fix, exit 2', () => {
  it.each([
    [['check', 'missing.ts'], /^trackplan: missing\.ts does not exist: pass the path of your plan module/],
    [['check', 'no-plan.mjs'], /^trackplan: no-plan\.mjs exports no plan: add `export const plan = defineTrackingPlan/],
    [['check', 'not-a-plan.js'], /^trackplan: not-a-plan\.js's `plan` export is not a tracking plan: it needs an `events` object/],
    [['check', 'broken.ts'], /^trackplan: broken\.ts could not be loaded: /],
    [['export', 'plan.ts', '--format', 'xml'], /^trackplan: unknown format "xml": use --format csv\|markdown\|json-schema/],
    [['export', 'plan.ts'], /^trackplan: export needs --format csv\|markdown\|json-schema/],
    [['lint', 'plan.ts'], /^trackplan: unknown command "lint"/],
    [['check'], /^trackplan: check takes one plan module/],
  ])('%j', async (argv, message) => {
    const { code, err, out } = await run(...argv)
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toMatch(message)
    expect(err.trimEnd().split('\n')).toHaveLength(1)
  })
})
