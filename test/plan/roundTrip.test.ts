// @vitest-environment node
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exportPlan, importPlan, type TrackingPlan } from 'trackplan/tools'
import { csvCell, csvCellText } from '../../src/plan/cells'
import { parseCsv } from '../../src/plan/import/parseCsv'
import { awkwardName, planArbitrary } from './arbitraries'
import { loadPlanModule } from './planModule'
import { runtimeViolations } from './reference'

describe('the CSV', () => {
  it('csvCell and csvCellText are exact inverses for every string, through the CSV parser', () => {
    const awkward = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc
        .tuple(
          fc.array(fc.constantFrom("'", ' ', '\t', '"', ','), { maxLength: 3 }),
          fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", ' ', 'x', '\n'),
          fc.string({ maxLength: 4 }),
          fc.constantFrom('', ' ', '\n', '"'),
        )
        .map(([lead, first, rest, end]) => lead.join('') + first + rest + end),
    )
    fc.assert(
      fc.property(awkward, (value) => {
        // under a header, as in a sheet: the header tells the separator
        const [field] = parseCsv(`event,end\n${csvCell(value)},end\n`)[1]!
        // what the import reads in a name column: an unquoted cell trimmed, a quoted one exact
        const read = field!.quoted ? field!.text : field!.text.trim()
        expect(csvCellText(read)).toBe(value)
        expect(csvCell(value)).not.toMatch(/^[=+\-@\t\r]/)
      }),
      { numRuns: 2000 },
    )
  }, 60_000)

  it('9. a trailing comma in the allowed values adds nothing to the enum', () => {
    const { source } = importPlan(
      'event,property,type,allowed values\nViewed Page,count,integer,"1, 2,"\nViewed Page,kind,string,"a, b, "\n',
      'csv',
    )
    const plan = loadPlanModule(source)
    expect(plan.events['Viewed Page']!.properties).toEqual({
      count: { type: 'integer', enum: [1, 2] },
      kind: { type: 'string', enum: ['a', 'b'] },
    })
  })

  it('10. the CSV round trip keeps names with dots and brackets, edge spaces and quoted formulas', () => {
    const plan: TrackingPlan = {
      events: {
        ' Viewed Page': {
          description: '  padded  ',
          properties: {
            'address.city': { type: 'string', description: "'=1+1" },
            'tags[]': { type: 'array', items: { type: 'string', description: "''=x" } },
            'a\\.b': {
              type: 'object',
              properties: { 'c.d': { type: 'integer' }, ' e ': { type: 'boolean' } },
            },
            '=cmd': { type: 'string', enum: ['-1', '@x', ' y'], description: '+add' },
          },
        },
      },
    }
    const csv = exportPlan(plan, 'csv')
    const imported = importPlan(csv, 'csv')
    expect(imported.report.filter((n) => n.kind !== 'check')).toEqual([])
    const back = loadPlanModule(imported.source)
    expect(back.events).toEqual(plan.events)
    expect(exportPlan(back, 'csv')).toBe(csv)
  })
})

describe('round trips over generated plans', () => {
  it('CSV: export → import → export is byte-identical', () => {
    fc.assert(
      fc.property(planArbitrary({ names: awkwardName }), (plan) => {
        const csv = exportPlan(plan, 'csv')
        const { source, report } = importPlan(csv, 'csv')
        expect(report.filter((n) => n.kind === 'dropped')).toEqual([])
        expect(exportPlan(loadPlanModule(source), 'csv')).toBe(csv)
      }),
      { numRuns: 1000 },
    )
  }, 60_000)

  it('JSON Schema: export → import → export is equal', () => {
    fc.assert(
      fc.property(planArbitrary({ names: awkwardName }), (plan) => {
        const schemas = exportPlan(plan, 'json-schema')
        const { source, report } = importPlan(schemas, 'json-schema')
        expect(report.filter((n) => n.kind === 'dropped')).toEqual([])
        expect(exportPlan(loadPlanModule(source), 'json-schema')).toBe(schemas)
      }),
      { numRuns: 1000 },
    )
  }, 60_000)
})

describe('hunt: spreadsheets as Excel and Google Sheets save them', () => {
  it('a semicolon-separated CSV (Excel in a comma-decimal locale) and a TSV (Google Sheets) read like the CSV', () => {
    const csv =
      'Event,Property,Type,Required,Allowed values\r\nViewed Page,plan,string,TRUE,"free, pro"\r\n'
    const semicolons =
      '\uFEFFEvent;Property;Type;Required;Allowed values\r\nViewed Page;plan;string;TRUE;free, pro\r\n'
    const tabs =
      'Event\tProperty\tType\tRequired\tAllowed values\nViewed Page\tplan\tstring\tTRUE\tfree, pro\n'
    const expected = importPlan(csv, 'csv').source
    expect(expected).toContain("plan: { type: 'string', enum: ['free', 'pro'], required: true }")
    expect(importPlan(semicolons, 'csv').source).toBe(expected)
    expect(importPlan(tabs, 'csv').source).toBe(expected)
  })
})

describe('hunt: types the plan cannot say, in a sheet', () => {
  it('a union or unknown type is optional unless the row says required, and any JSON value when unknown', () => {
    const { source } = importPlan(
      'event,property,type,required\nViewed Page,ref,string | null,no\nViewed Page,id,,yes\nViewed Page,extra,,no\n',
      'csv',
    )
    const plan = loadPlanModule(source)
    const check = (properties: object) =>
      runtimeViolations(plan, 'Viewed Page', properties as never).map((v) => v.property)
    expect(check({ id: 1 })).toEqual([])
    expect(check({ id: { a: [1] }, ref: null, extra: 'x' })).toEqual([])
    expect(check({ ref: 'x' })).toEqual(['id'])
  })

  it('a nested row of a type the plan cannot say is reported, not written into a plain spec', () => {
    const { source, report } = importPlan(
      'event,property,type\nViewed Page,address,object\nViewed Page,address.zip,string | null\nViewed Page,address.city,string\n',
      'csv',
    )
    expect(source).toContain(
      "address: { type: 'object', properties: { city: { type: 'string' } } }",
    )
    expect(report).toContainEqual({
      kind: 'dropped',
      message:
        'type "string | null" inside a plain object or array is not imported: the plan checks any value there',
      event: 'Viewed Page',
      property: 'address.zip',
    })
  })
})
