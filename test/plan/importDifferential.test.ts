// @vitest-environment node
// The import is differential: for generated and real-world JSON Schemas, the imported plan
// (its module loaded, checked by the runtime's compilePlan) and ajv accept and reject the
// same instances — or the import's report names the construct it did not keep, on that
// event and property.
import Ajv, { type ErrorObject } from 'ajv'
import Ajv2020 from 'ajv/dist/2020'
import fc from 'fast-check'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importPlan, type ImportNote } from 'trackplan/tools'
import type { JsonValue, Violation } from '../../src/core/event'
import { eventSchemaArbitrary, type Schema } from './jsonSchemaArbitrary'
import { instanceOf } from './jsonSchemaInstances'
import { mutated } from './mutate'
import { loadPlanModule } from './planModule'
import { ajvValidator, runtimeChecker } from './reference'

type Properties = { [key: string]: JsonValue }

const EVENT = 'Viewed Page'

const isProperties = (v: JsonValue): v is Properties =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** The event's property an ajv error is about (`undefined`: the event's own keywords). */
function ajvBlames(error: ErrorObject): string | undefined {
  const [first] = error.instancePath.split('/').slice(1)
  if (first !== undefined) return first.replace(/~1/g, '/').replace(/~0/g, '~')
  const params = error.params as { missingProperty?: string; additionalProperty?: string }
  return params.missingProperty ?? params.additionalProperty
}

/** The event's property a runtime violation is about: the longest name its path starts with. */
function runtimeBlames(violation: Violation, names: string[]): string | undefined {
  const path = violation.property ?? ''
  return names
    .filter((n) => path === n || path.startsWith(`${n}.`) || path.startsWith(`${n}[`))
    .sort((a, b) => b.length - a.length)[0]
}

/**
 * Does the report say it did not keep something of this property, or of the event's own
 * keywords? (A note on the whole import — the identify rules — explains no event.)
 */
const explains = (report: ImportNote[], event: string, property: string | undefined) =>
  report.some(
    (n) =>
      (n.kind === 'dropped' || n.kind === 'note') &&
      n.event === event &&
      (n.property === undefined ||
        (property !== undefined &&
          (n.property === property || /^[.[|&^]/.test(n.property.slice(property.length))) &&
          n.property.startsWith(property))),
  )

interface Disagreement {
  instance: Properties
  runtime: boolean
  ajv: boolean
  blamed: string | undefined
}

/** Each instance judged by the imported plan and by ajv: the disagreements the report does not explain. */
/** How many instances were judged, accepted by ajv, and disagreed on with a note explaining it. */
const stats = { judged: 0, accepted: 0, explained: 0 }

function unexplained(
  report: ImportNote[],
  judge: { runtime: (p: Properties) => Violation[]; ajv: (p: Properties) => ErrorObject[] | true },
  names: string[],
  instances: Properties[],
  event = EVENT,
): Disagreement[] {
  const out: Disagreement[] = []
  for (const instance of instances) {
    const violations = judge.runtime(instance)
    const errors = judge.ajv(instance)
    const runtime = violations.length === 0
    const ajv = errors === true
    stats.judged++
    if (ajv) stats.accepted++
    if (runtime === ajv) continue
    stats.explained++
    const blamed =
      errors === true
        ? runtimeBlames(violations[0]!, [...names, ...Object.keys(instance)])
        : ajvBlames(errors[0]!)
    if (!explains(report, event, blamed)) out.push({ instance, runtime, ajv, blamed })
  }
  return out
}

/** Generated event schemas, each with instances: built to pass, or one change away. */
const generated = eventSchemaArbitrary.chain((event) => {
  const valid = instanceOf(event.schema, event.schema)
  const instance = fc.oneof(
    valid,
    valid.chain((v) => mutated(v, fc.constantFrom('extra', 'plan', 'id', 'x-a', 'Zed'))),
  )
  return fc.tuple(
    fc.constant(event),
    fc.array(instance, { minLength: 6, maxLength: 6 }).map((all) => all.filter(isProperties)),
  )
})

describe('import is differential', () => {
  it('the generated schemas are valid JSON Schemas of their draft', () => {
    const meta = {
      'draft-07': new Ajv({ strict: false }),
      '2020-12': new Ajv2020({ strict: false }),
    }
    for (const { draft, schema } of fc.sample(eventSchemaArbitrary, 300))
      expect(meta[draft].validateSchema(schema) || meta[draft].errors).toBe(true)
  })

  it('generated JSON Schemas: the imported plan and ajv agree, or the report says why', () => {
    const judgedBefore = stats.judged
    fc.assert(
      fc.property(generated, ([{ schema }, instances]) => {
        const { source, report } = importPlan(
          JSON.stringify({ title: EVENT, ...schema }),
          'json-schema',
        )
        const check = runtimeChecker(loadPlanModule(source))
        const validate = ajvValidator(schema)
        const judge = {
          runtime: (p: Properties) => check(EVENT, p),
          ajv: (p: Properties) => (validate(p) ? (true as const) : validate.errors!),
        }
        const names = Object.keys(schema.properties as Schema)
        expect(unexplained(report, judge, names, instances)).toEqual([])
      }),
      { numRuns: 1000 },
    )
    // the verdicts mean something: ajv accepts a good share, and few disagreements need a note
    expect(stats.judged - judgedBefore).toBeGreaterThan(4000)
    expect(stats.accepted / stats.judged).toBeGreaterThan(0.1)
    expect(stats.explained / stats.judged).toBeLessThan(0.05)
  }, 60_000)

  it('real-world schemas (Iglu Central, Segment Protocols, draft-07, 2020-12): the same, or the report says why', () => {
    const cases = corpusCases()
    expect(cases.map((c) => c.event)).toEqual([
      'com.acme.shop/link_click',
      'application_error',
      'client_session',
      'geolocation_context',
      'com.snowplowanalytics.snowplow/link_click',
      'Product Added',
      'Order Completed',
      'Checkout Step Viewed',
      'Signed Up',
      'Viewed Article',
      'Shared Article',
    ])
    const calls = fc.constantFrom(...cases).chain((c) => {
      const valid = instanceOf(c.properties, c.root)
      const instance = fc.oneof(
        valid,
        valid.chain((v) => mutated(v, fc.constantFrom('extra', 'platform', 'exp_a1', 'Zed'))),
      )
      return fc.tuple(fc.constant(c), instance.filter(isProperties))
    })
    fc.assert(
      fc.property(calls, ([c, instance]) => {
        expect(unexplained(c.report, c.judge, c.names, [instance], c.event)).toEqual([])
      }),
      { numRuns: 1000 },
    )
  }, 60_000)
})

const corpus = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url))

/** Every file under a folder, as `importPlan` takes them. */
const filesUnder = (dir: string): { path: string; text: string }[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory()
      ? filesUnder(path)
      : [{ path: relative(corpus, path), text: readFileSync(path, 'utf8') }]
  })

interface CorpusCase {
  event: string
  /** The schema of the event's properties, and the document its `$ref`s point into. */
  properties: Schema
  root: Schema
  names: string[]
  report: ImportNote[]
  judge: { runtime: (p: Properties) => Violation[]; ajv: (p: Properties) => ErrorObject[] | true }
}

/** ajv's errors on an instance, or `true`. */
const ajvJudge = (schema: object) => {
  const validate = ajvValidator(schema)
  return (instance: unknown): ErrorObject[] | true => (validate(instance) ? true : validate.errors!)
}

/** Each corpus source imported as the CLI would, each of its events with its own schema for ajv. */
function corpusCases(): CorpusCase[] {
  const cases: CorpusCase[] = []
  const add = (
    files: { path: string; text: string }[],
    schemaOf: (event: string) => {
      ajv: (p: Properties) => ErrorObject[] | true
      properties: Schema
      root: Schema
    },
  ) => {
    const { source, report } = importPlan(files)
    const check = runtimeChecker(loadPlanModule(source))
    for (const event of Object.keys(loadPlanModule(source).events)) {
      const { ajv, properties, root } = schemaOf(event)
      const names = Object.keys((properties.properties ?? {}) as Schema)
      cases.push({
        event,
        properties,
        root,
        names,
        report,
        judge: { runtime: (p) => check(event, p), ajv },
      })
    }
  }
  const iglu = filesUnder(join(corpus, 'iglu'))
  const newest = (event: string): Schema => {
    const [vendor, name] = event.includes('/') ? event.split('/') : [undefined, event]
    const found = iglu
      .map((f) => JSON.parse(f.text) as Schema)
      .filter((s) => {
        const self = s.self as { vendor: string; name: string }
        return self.name === name && (vendor === undefined || self.vendor === vendor)
      })
      .sort((a, b) =>
        String((b.self as Schema).version).localeCompare(String((a.self as Schema).version)),
      )
    return found[0]!
  }
  add(iglu, (event) => {
    const schema = newest(event)
    return { ajv: ajvJudge(schema), properties: schema, root: schema }
  })
  const segment = filesUnder(corpus).filter((f) => f.path === 'segment-protocols.json')
  const plan = (JSON.parse(segment[0]!.text) as { tracking_plan: { rules: Schema } }).tracking_plan
    .rules
  const global = ajvJudge(plan.global as object)
  add(segment, (event) => {
    const rules = (plan.events as { name: string; rules: Schema }[]).find(
      (e) => e.name === event,
    )!.rules
    const own = ajvJudge(rules)
    const properties = (rules.properties as Schema).properties as Schema
    return {
      ajv: (p) => {
        const call = { properties: p }
        const errors = own(call) === true ? global(call) : own(call)
        // the errors are about the call: the event's properties are under /properties
        return errors === true
          ? true
          : errors.map((e) => ({ ...e, instancePath: e.instancePath.replace(/^\/properties/, '') }))
      },
      properties,
      root: rules,
    }
  })
  const signedUp = filesUnder(join(corpus, 'draft07'))
  const signedUpSchema = JSON.parse(signedUp[0]!.text) as Schema
  add(signedUp, () => ({
    ajv: ajvJudge(signedUpSchema),
    properties: signedUpSchema,
    root: signedUpSchema,
  }))
  const modern = filesUnder(corpus).filter((f) => f.path === 'schemas-2020-12.json')
  const modernSchemas = JSON.parse(modern[0]!.text) as Record<string, Schema>
  const modernJudges = Object.fromEntries(
    Object.entries(modernSchemas).map(([name, s]) => [name, ajvJudge(s)]),
  )
  add(modern, (event) => ({
    ajv: modernJudges[event]!,
    properties: modernSchemas[event]!,
    root: modernSchemas[event]!,
  }))
  return cases
}
