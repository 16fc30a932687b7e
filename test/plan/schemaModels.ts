// Property schemas as data, rendered as zod or as plain specs, with the values each accepts
// and the changes a team makes to them: the diff oracle's generators. A model says what a
// schema accepts without any library, so the oracle can sample valid events and mutate plans.
import fc from 'fast-check'
import { z } from 'zod'
import type { JsonValue } from '../../src/core/event'
import type { PlainPropertySpec, PropertySpec, TrackingPlan } from '../../src/plan/types'

export interface NumberBound {
  value: number
  exclusive: boolean
}

export type Model =
  | { kind: 'string'; minLength?: number; maxLength?: number; enum?: string[] }
  | { kind: 'number'; integer: boolean; min?: NumberBound; max?: NumberBound; enum?: number[] }
  | { kind: 'boolean' }
  | { kind: 'array'; items: Model; minItems?: number; maxItems?: number }
  | { kind: 'tuple'; items: Model[] }
  | { kind: 'record'; keys?: string[]; values: Model }
  | { kind: 'object'; properties: PropertyModel[]; closed: boolean }
  | { kind: 'union'; options: Model[] }
  | { kind: 'nullable'; inner: Model }

export interface PropertyModel {
  name: string
  model: Model
  required: boolean
  /** Written as a plain spec where the model allows it, else as zod. */
  plain: boolean
}

export interface EventModel {
  name: string
  properties: PropertyModel[]
  closed: boolean
}

export interface PlanModel {
  events: EventModel[]
  context: PropertyModel[]
}

// ---- generating models -------------------------------------------------------------------

const NAMES = ['plan', 'price', 'tags', 'meta', 'kind']
const KEYS = ['a', 'b', 'c']
const WORDS = ['free', 'pro', 'team', 'x']

const bound = (integer: boolean): fc.Arbitrary<NumberBound> =>
  fc.record({
    value: integer ? fc.integer({ min: -3, max: 8 }) : fc.constantFrom(-2, 0, 0.5, 3, 5),
    exclusive: fc.boolean(),
  })

const stringModel: fc.Arbitrary<Model> = fc.oneof(
  fc
    .record(
      { minLength: fc.integer({ min: 0, max: 3 }), maxLength: fc.integer({ min: 3, max: 6 }) },
      { requiredKeys: [] },
    )
    .map((m) => ({ kind: 'string' as const, ...m })),
  fc
    .uniqueArray(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 })
    .map((values) => ({ kind: 'string' as const, enum: values })),
)

const numberModel: fc.Arbitrary<Model> = fc.boolean().chain((integer) =>
  fc.oneof(
    fc
      .record({ min: bound(integer), max: bound(integer) }, { requiredKeys: [] })
      .filter(({ min, max }) => !min || !max || max.value - min.value >= 2)
      .map((m) => ({ kind: 'number' as const, integer, ...m })),
    fc
      .uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 })
      .map((values) => ({ kind: 'number' as const, integer, enum: values })),
  ),
)

const leaf: fc.Arbitrary<Model> = fc.oneof(
  stringModel,
  numberModel,
  fc.constant<Model>({ kind: 'boolean' }),
)

export const modelArbitrary: fc.Arbitrary<Model> = fc.letrec<{ model: Model }>((tie) => ({
  model: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'model' },
    { weight: 4, arbitrary: leaf },
    fc
      .record(
        {
          items: tie('model'),
          minItems: fc.integer({ min: 0, max: 1 }),
          maxItems: fc.integer({ min: 2, max: 3 }),
        },
        { requiredKeys: ['items'] },
      )
      .map((m) => ({ kind: 'array' as const, ...m })),
    fc
      .array(tie('model'), { minLength: 1, maxLength: 3 })
      .map((items) => ({ kind: 'tuple' as const, items })),
    fc
      .record(
        {
          keys: fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }),
          values: tie('model'),
        },
        { requiredKeys: ['values'] },
      )
      .map((m) => ({ kind: 'record' as const, ...m })),
    fc
      .record({ properties: propertiesOf(tie('model')), closed: fc.boolean() })
      .map((m) => ({ kind: 'object' as const, ...m })),
    fc
      .array(leaf, { minLength: 2, maxLength: 3 })
      .map((options) => ({ kind: 'union' as const, options })),
    tie('model').map((inner) => ({ kind: 'nullable' as const, inner })),
  ),
})).model

function propertiesOf(model: fc.Arbitrary<Model>): fc.Arbitrary<PropertyModel[]> {
  return fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...NAMES),
      model,
      required: fc.boolean(),
      plain: fc.boolean(),
    }),
    { maxLength: 3, selector: (p) => p.name },
  )
}

export const planModelArbitrary: fc.Arbitrary<PlanModel> = fc.record({
  events: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom('Viewed Page', 'Chose Plan', 'Signed Up'),
      properties: propertiesOf(modelArbitrary),
      closed: fc.boolean(),
    }),
    { minLength: 1, maxLength: 2, selector: (e) => e.name },
  ),
  context: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom('app', 'section'),
      model: leaf,
      required: fc.constant(false),
      plain: fc.boolean(),
    }),
    { maxLength: 1, selector: (p) => p.name },
  ),
})

// ---- rendering ---------------------------------------------------------------------------

/** Whether a plain spec can say what the model says. */
function isPlain(model: Model): boolean {
  switch (model.kind) {
    case 'string':
      return model.minLength === undefined && model.maxLength === undefined
    case 'number':
      return model.min === undefined && model.max === undefined
    case 'boolean':
      return true
    case 'array':
      return model.minItems === undefined && model.maxItems === undefined && isPlain(model.items)
    case 'object':
      return model.properties.every((p) => isPlain(p.model))
    default:
      return false
  }
}

function toPlain(model: Model, required: boolean): PlainPropertySpec {
  const base = required ? { required: true } : {}
  switch (model.kind) {
    case 'string':
      return { type: 'string', ...(model.enum ? { enum: model.enum } : {}), ...base }
    case 'number':
      return {
        type: model.integer ? 'integer' : 'number',
        ...(model.enum ? { enum: model.enum } : {}),
        ...base,
      }
    case 'boolean':
      return { type: 'boolean', ...base }
    case 'array':
      return { type: 'array', items: toPlain(model.items, false), ...base }
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(
          model.properties.map((p) => [p.name, toPlain(p.model, p.required)]),
        ),
        ...(model.closed ? { additionalProperties: false } : {}),
        ...base,
      }
    default:
      throw new Error(`not plain: ${model.kind}`)
  }
}

function toZod(model: Model): z.ZodType {
  switch (model.kind) {
    case 'string': {
      if (model.enum) return z.enum(model.enum as [string, ...string[]])
      let s = z.string()
      if (model.minLength !== undefined) s = s.min(model.minLength)
      if (model.maxLength !== undefined) s = s.max(model.maxLength)
      return s
    }
    case 'number': {
      if (model.enum) return z.union(model.enum.map((v) => z.literal(v)))
      let n = model.integer ? z.int() : z.number()
      if (model.min) n = model.min.exclusive ? n.gt(model.min.value) : n.gte(model.min.value)
      if (model.max) n = model.max.exclusive ? n.lt(model.max.value) : n.lte(model.max.value)
      return n
    }
    case 'boolean':
      return z.boolean()
    case 'array': {
      let a = z.array(toZod(model.items))
      if (model.minItems !== undefined) a = a.min(model.minItems)
      if (model.maxItems !== undefined) a = a.max(model.maxItems)
      return a
    }
    case 'tuple':
      return z.tuple(model.items.map(toZod) as [z.ZodType, ...z.ZodType[]])
    case 'record':
      return model.keys
        ? z.partialRecord(z.enum(model.keys as [string, ...string[]]), toZod(model.values))
        : z.record(z.string(), toZod(model.values))
    case 'object': {
      const shape = Object.fromEntries(
        model.properties.map((p) => [
          p.name,
          p.required ? toZod(p.model) : toZod(p.model).optional(),
        ]),
      )
      return model.closed ? z.strictObject(shape) : z.looseObject(shape)
    }
    case 'union':
      return z.union(model.options.map(toZod) as [z.ZodType, z.ZodType])
    case 'nullable':
      return toZod(model.inner).nullable()
  }
}

export function toSpec(property: PropertyModel): PropertySpec {
  if (property.plain && isPlain(property.model)) return toPlain(property.model, property.required)
  const schema = toZod(property.model)
  return property.required ? schema : schema.optional()
}

export function toPlan(model: PlanModel): TrackingPlan {
  const specs = (properties: PropertyModel[]) =>
    Object.fromEntries(properties.map((p) => [p.name, toSpec(p)]))
  return {
    events: Object.fromEntries(
      model.events.map((e) => [
        e.name,
        { properties: specs(e.properties), ...(e.closed ? { additionalProperties: false } : {}) },
      ]),
    ),
    ...(model.context.length ? { contextProperties: specs(model.context) } : {}),
  }
}

// ---- values a model accepts ---------------------------------------------------------------

function numberValue(model: Extract<Model, { kind: 'number' }>): fc.Arbitrary<JsonValue> {
  if (model.enum) return fc.constantFrom(...model.enum)
  const { min, max, integer } = model
  if (integer) {
    const lo = min ? (min.exclusive ? Math.floor(min.value) + 1 : Math.ceil(min.value)) : -50
    const hi = max ? (max.exclusive ? Math.ceil(max.value) - 1 : Math.floor(max.value)) : 50
    return fc.integer({ min: lo, max: Math.max(lo, hi) })
  }
  const edges: number[] = []
  if (min && !min.exclusive) edges.push(min.value)
  if (max && !max.exclusive) edges.push(max.value)
  return fc.oneof(
    fc
      .double({
        min: min?.value ?? -50,
        max: max?.value ?? 50,
        minExcluded: min?.exclusive ?? false,
        maxExcluded: max?.exclusive ?? false,
        noNaN: true,
      })
      .filter((v) => !Object.is(v, -0)), // -0 < 0 is false: it sits on an exclusive bound 0
    ...(edges.length ? [fc.constantFrom(...edges)] : []),
  )
}

export function valueOf(model: Model): fc.Arbitrary<JsonValue> {
  switch (model.kind) {
    case 'string':
      return model.enum
        ? fc.constantFrom(...model.enum)
        : fc.string({ minLength: model.minLength ?? 0, maxLength: model.maxLength ?? 6 })
    case 'number':
      return numberValue(model)
    case 'boolean':
      return fc.boolean()
    case 'array':
      return fc.array(valueOf(model.items), {
        minLength: model.minItems ?? 0,
        maxLength: model.maxItems ?? 3,
      })
    case 'tuple':
      return fc.tuple(...model.items.map(valueOf))
    case 'record':
      return fc.dictionary(
        model.keys ? fc.constantFrom(...model.keys) : fc.constantFrom('k', 'key', 'a-b'),
        valueOf(model.values),
        { maxKeys: 2 },
      )
    case 'object':
      return objectOf(model.properties, !model.closed)
    case 'union':
      return fc.oneof(...model.options.map(valueOf))
    case 'nullable':
      return fc.oneof(fc.constant(null), valueOf(model.inner))
  }
}

/** An object the properties accept: required ones, optional ones at random, extras when open. */
export function objectOf(
  properties: PropertyModel[],
  open: boolean,
  extraNames: readonly string[] = ['extra', ...NAMES],
): fc.Arbitrary<{ [key: string]: JsonValue }> {
  const entries = properties.map((p) =>
    valueOf(p.model).chain((v) =>
      p.required
        ? fc.constant<[string, JsonValue][]>([[p.name, v]])
        : fc.constantFrom<[string, JsonValue][]>([], [[p.name, v]]),
    ),
  )
  const extras = open
    ? fc.dictionary(
        fc.constantFrom(...extraNames.filter((n) => !properties.some((p) => p.name === n))),
        fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 9 }), fc.constant(null)),
        { maxKeys: 2 },
      )
    : fc.constant({})
  return fc.tuple(fc.tuple(...entries), extras).map(([lists, extra]) => {
    const out: { [key: string]: JsonValue } = { ...extra }
    for (const list of lists) for (const [name, value] of list) out[name] = value
    return out
  })
}

/** Properties an event of the plan accepts, context properties included at random. */
export function eventValue(
  plan: PlanModel,
  event: EventModel,
): fc.Arbitrary<{ [key: string]: JsonValue }> {
  const context = plan.context.filter((c) => !event.properties.some((p) => p.name === c.name))
  return objectOf([...context, ...event.properties], !event.closed, [
    'extra',
    ...NAMES,
    'app',
    'section',
  ])
}
