// @vitest-environment node
// Import fed what other tools actually write: Segment Protocols plans with the rules Segment
// adds by itself (an event rule whose `properties` is `{}`, the default `global`, `identify`
// and `group` rules, a COMMON rule on the call's `context`), an Iglu registry folder as it is
// laid out (`vendor/name/format/version`, with Avro and Thrift schemas beside the JSON ones).
import { describe, expect, it } from 'vitest'
import { importPlan, type ImportNote } from 'trackplan/tools'
import { loadPlanModule } from './planModule'

const draft07 = 'http://json-schema.org/draft-07/schema#'
/** A rule on the whole call, as Segment writes every one: `context`, `traits`, `properties`. */
const callRule = (properties: object, extra: object = {}) => ({
  $schema: draft07,
  type: 'object',
  properties: { context: {}, traits: {}, properties },
  ...extra,
})
/** Segment's empty rule for identify and group calls. */
const emptyTraitsRule = {
  $schema: draft07,
  type: 'object',
  properties: {
    properties: {},
    context: {},
    traits: { type: 'object', properties: {}, required: [] },
  },
}

const lines = (report: ImportNote[]) =>
  report.map((n) =>
    [`${n.kind}:`, n.event, n.property, n.message].filter((part) => part !== undefined).join(' '),
  )

describe('Segment Protocols, with the rules Segment writes by itself', () => {
  const configApi = {
    name: 'workspaces/kicks/tracking-plans/rs_1Xq',
    display_name: 'Kicks App',
    rules: {
      user_traits: [],
      group_traits: [],
      events: [
        {
          name: 'Order Completed',
          description: '',
          version: 1,
          rules: callRule(
            {
              type: 'object',
              properties: { order_id: { description: '', type: 'string' } },
              required: ['order_id'],
            },
            { labels: {}, required: ['properties'] },
          ),
        },
        // a rule made in Segment's UI with no property yet
        { name: 'Cart Viewed', description: '', version: 1, rules: callRule({}, { labels: {} }) },
      ],
      global: callRule({}),
      identify: emptyTraitsRule,
      group: emptyTraitsRule,
    },
  }

  it('an event rule whose `properties` is `{}` has no properties (not "context", "traits", "properties")', () => {
    const { source } = importPlan(JSON.stringify(configApi))
    const plan = loadPlanModule(source)
    expect(plan.events['Cart Viewed']).toEqual({})
    expect(Object.keys(plan.events['Order Completed']!.properties!)).toEqual(['order_id'])
  })

  it('the default global rule gives no context properties; empty identify and group rules lose nothing', () => {
    const { source, report } = importPlan(JSON.stringify(configApi))
    expect(loadPlanModule(source).contextProperties).toBeUndefined()
    expect(lines(report)).toEqual([])
  })

  it('identify and group rules that say something are still reported', () => {
    const withTraits = structuredClone(configApi)
    withTraits.rules.identify = {
      ...emptyTraitsRule,
      properties: {
        ...emptyTraitsRule.properties,
        traits: { type: 'object', properties: { email: { type: 'string' } }, required: [] },
      },
    }
    expect(lines(importPlan(JSON.stringify(withTraits)).report)).toEqual([
      'dropped: the identify rules were not imported: a plan lists track events',
    ])
  })

  it("the Public API's COMMON rule on the call's context is reported, never made a property", () => {
    const publicApi = {
      data: {
        rules: [
          {
            type: 'COMMON',
            version: 1,
            jsonSchema: callRule(
              {},
              {
                properties: {
                  context: {
                    type: 'object',
                    properties: { userAgent: { type: 'string', not: { pattern: '(bot|crawl)' } } },
                    required: ['userAgent'],
                  },
                  properties: {},
                  traits: {},
                },
                required: ['context'],
              },
            ),
          },
          { type: 'TRACK', key: 'Add Rule', version: 1, jsonSchema: callRule({}) },
          {
            type: 'TRACK',
            key: 'Product Viewed',
            version: 2,
            jsonSchema: callRule(
              {
                type: 'object',
                properties: { price: { type: 'number' } },
                required: ['price'],
              },
              { labels: {}, required: ['properties'] },
            ),
          },
        ],
      },
    }
    const { source, report } = importPlan(JSON.stringify(publicApi))
    const plan = loadPlanModule(source)
    expect(plan.contextProperties).toBeUndefined()
    expect(plan.events['Add Rule']).toEqual({})
    expect(Object.keys(plan.events['Product Viewed']!.properties!)).toEqual(['price'])
    expect(lines(report)).toEqual([
      `dropped: (context properties) the rules on the call's "context" were not imported: a plan describes event properties`,
      "check: the names follow no one convention (0 of 2 pass verb-noun, 1 of 2 pass object-action, 0 of 2 pass snake_case): `naming` was left out; rename, then set naming: 'object-action' to have them checked",
    ])
  })
})

describe('an Iglu registry folder, as it is laid out', () => {
  const selfDescribing = (vendor: string, name: string, format: string, body: object) =>
    JSON.stringify({
      $schema:
        'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
      description: `Schema for ${name}`,
      self: { vendor, name, format, version: '1-0-0' },
      ...body,
    })
  const files = [
    {
      path: 'schemas/com.acme/checkout_started/jsonschema/1-0-0',
      text: selfDescribing('com.acme', 'checkout_started', 'jsonschema', {
        type: 'object',
        properties: { cart_id: { type: 'string' } },
        additionalProperties: false,
      }),
    },
    // Iglu Central keeps Thrift and Avro schemas beside the JSON Schemas
    {
      path: 'schemas/com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0',
      text: selfDescribing('com.snowplowanalytics.snowplow', 'CollectorPayload', 'thrift', {
        idl: 'namespace java com.snowplowanalytics.snowplow.CollectorPayload.thrift.model1\nstruct CollectorPayload {\n31337: string schema\n}',
      }),
    },
    {
      path: 'schemas/com.snowplowanalytics.dataflowrunner/ClusterConfig/avro/1-0-0',
      text: JSON.stringify({
        namespace: 'com.snowplowanalytics.dataflowrunner',
        name: 'ClusterConfig',
        type: 'record',
        fields: [{ name: 'region', type: 'string' }],
      }),
    },
    // a configuration's schema, of an array: no event's properties are one
    {
      path: 'schemas/com.snowplowanalytics.snowplow/enrichments/jsonschema/1-0-0',
      text: selfDescribing('com.snowplowanalytics.snowplow', 'enrichments', 'jsonschema', {
        type: 'array',
        items: { type: 'object', properties: { schema: { type: 'string' } } },
      }),
    },
  ]

  it('imports the JSON Schemas of events; the others are reported by their path, none made an event', () => {
    const { source, report } = importPlan(files)
    expect(Object.keys(loadPlanModule(source).events)).toEqual(['checkout_started'])
    expect(lines(report)).toEqual([
      'dropped: schemas/com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0: a thrift schema, not a JSON Schema: not imported',
      'dropped: schemas/com.snowplowanalytics.dataflowrunner/ClusterConfig/avro/1-0-0: neither a JSON Schema, a set of them, nor a Segment Protocols plan',
      'dropped: schemas/com.snowplowanalytics.snowplow/enrichments/jsonschema/1-0-0: a schema of type "array", not of an event\'s properties (an object): not imported',
    ])
  })
})

describe('spreadsheets as Excel and Google Sheets save them', () => {
  const required = (csv: string) => {
    const { source, report } = importPlan(csv, 'csv')
    const properties = loadPlanModule(source).events['Viewed Pricing']!.properties!
    return {
      required: Object.entries(properties)
        .filter(([, spec]) => 'required' in spec && spec.required === true)
        .map(([name]) => name),
      report: lines(report),
    }
  }

  it("the required column in Excel's own words: WAHR/FALSCH (German), VRAI/FAUX (French), ✓", () => {
    const csv = [
      '\uFEFFEvent;Property;Type;Required',
      'Viewed Pricing;plan;string;WAHR',
      'Viewed Pricing;price;number;FALSCH',
      'Viewed Pricing;currency;string;VRAI',
      'Viewed Pricing;coupon;string;FAUX',
      'Viewed Pricing;seats;integer;✓',
      'Viewed Pricing;note;string;',
      '',
    ].join('\r\n')
    expect(required(csv)).toEqual({ required: ['plan', 'currency', 'seats'], report: [] })
  })

  it('a required cell that is no yes or no is reported, not silently read as optional', () => {
    const csv = 'event,property,type,required\nViewed Pricing,plan,string,maybe\n'
    expect(required(csv)).toEqual({
      required: [],
      report: [
        'dropped: Viewed Pricing plan required "maybe" is neither yes nor no: imported as optional',
      ],
    })
  })

  it("an event's name written once above its property rows (merged cells, Google Sheets' download of them)", () => {
    const csv = [
      'Event Name,Event Description,Property Name,Property Type,Required',
      'Viewed Pricing,Pricing page shown,plan,string,TRUE',
      ',,price,number,FALSE',
      ',,currency,string,TRUE',
      'Signed Up,An account was created,method,string,TRUE',
      ',,referrer,string,FALSE',
      '',
    ].join('\r\n')
    const { source, report } = importPlan(csv, 'csv')
    const plan = loadPlanModule(source)
    expect(Object.keys(plan.events['Viewed Pricing']!.properties!)).toEqual([
      'plan',
      'price',
      'currency',
    ])
    expect(Object.keys(plan.events['Signed Up']!.properties!)).toEqual(['method', 'referrer'])
    expect(plan.events['Signed Up']!.description).toBe('An account was created')
    expect(lines(report)).toEqual([])
    // a first row with no event has none to continue: still reported
    expect(lines(importPlan('event,property\n,plan\nViewed Page,path\n', 'csv').report)[0]).toMatch(
      /^dropped: a row without an event name was skipped/,
    )
  })

  it('cells written by hand that start with - or + keep their first character (no apostrophe of ours to take off)', () => {
    const csv = [
      'event,property,type,allowed values,property description',
      'Viewed Page,vote,integer,"-1, 0, 1",-1 means down',
      "Viewed Page,delta,number,,'+ more: the apostrophe a spreadsheet puts before text",
      '',
    ].join('\n')
    const { source } = importPlan(csv, 'csv')
    expect(loadPlanModule(source).events['Viewed Page']!.properties).toEqual({
      vote: { type: 'integer', enum: [-1, 0, 1], description: '-1 means down' },
      delta: {
        type: 'number',
        description: '+ more: the apostrophe a spreadsheet puts before text',
      },
    })
  })

  it('"Req\'d" and "Is Required" name the required column', () => {
    for (const header of ["Req'd", 'Is Required', 'Required?'])
      expect(
        required(`Event Name,Property Name,Type,${header}\nViewed Pricing,plan,string,TRUE\n`),
      ).toEqual({ required: ['plan'], report: [] })
  })

  it('type "enum" takes its type from the allowed values; "any" is any value, nothing lost', () => {
    const csv = [
      'event,property,type,required,allowed values',
      'Viewed Pricing,plan,enum,yes,"free, pro"',
      'Viewed Pricing,seats,enum,no,"1, 5, 10"',
      'Viewed Pricing,extra,any,no,',
    ].join('\n')
    const { source, report } = importPlan(csv, 'csv')
    expect(loadPlanModule(source).events['Viewed Pricing']!.properties).toMatchObject({
      plan: { type: 'string', enum: ['free', 'pro'], required: true },
      seats: { type: 'number', enum: [1, 5, 10] },
    })
    expect(lines(report)).toEqual(['note: Viewed Pricing extra type "any": imported as any value'])
  })
})
