// The changes a team makes to a plan, as generators over the models of schemaModels.ts:
// bounds moved, enums grown and shrunk, types swapped, properties added, removed, made
// required, objects closed, events removed and renamed.
import fc from 'fast-check'
import {
  modelArbitrary,
  type EventModel,
  type Model,
  type PlanModel,
  type PropertyModel,
} from './schemaModels'

const shift = fc.constantFrom(-2, -1, -0.5, 0.5, 1, 2)

function mutateBound(bound: { value: number; exclusive: boolean } | undefined) {
  return fc.oneof(
    fc.constant(undefined),
    fc.constant(bound && { ...bound, exclusive: !bound.exclusive }),
    shift.map((d) => ({ value: (bound?.value ?? 0) + d, exclusive: bound?.exclusive ?? false })),
  )
}

function mutateEnum<T>(values: T[] | undefined, more: T[]): fc.Arbitrary<T[] | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    fc.constant(values && values.length > 1 ? values.slice(1) : values),
    fc.constantFrom(...more).map((v) => [...new Set([...(values ?? []), v])]),
  )
}

/** The model changed at one place: its own keywords, one of its children, or replaced. */
export function mutateModel(model: Model): fc.Arbitrary<Model> {
  const replaced = modelArbitrary
  switch (model.kind) {
    case 'string':
      return fc.oneof(
        replaced,
        mutateEnum(model.enum, ['free', 'pro', 'new']).map((e) => ({ ...model, enum: e })),
        fc.integer({ min: 0, max: 4 }).map((n) => ({ ...model, enum: undefined, minLength: n })),
        fc.integer({ min: 1, max: 7 }).map((n) => ({ ...model, enum: undefined, maxLength: n })),
      )
    case 'number':
      return fc.oneof(
        replaced,
        fc.constant({ ...model, integer: !model.integer }),
        mutateEnum(model.enum, [0, 1, 7]).map((e) => ({ ...model, enum: e })),
        mutateBound(model.min).map((min) => ({ ...model, min })),
        mutateBound(model.max).map((max) => ({ ...model, max })),
      )
    case 'array':
      return fc.oneof(
        replaced,
        mutateModel(model.items).map((items) => ({ ...model, items })),
        fc.integer({ min: 0, max: 2 }).map((n) => ({ ...model, minItems: n })),
        fc.integer({ min: 1, max: 4 }).map((n) => ({ ...model, maxItems: n })),
      )
    case 'tuple':
      return fc.oneof(
        replaced,
        fc.nat(model.items.length - 1).chain((i) =>
          mutateModel(model.items[i]!).map((item) => ({
            ...model,
            items: model.items.map((m, j) => (j === i ? item : m)),
          })),
        ),
      )
    case 'record':
      return fc.oneof(
        replaced,
        mutateModel(model.values).map((values) => ({ ...model, values })),
        mutateEnum(model.keys, ['a', 'b', 'z']).map((keys) => ({ ...model, keys })),
      )
    case 'object':
      return fc.oneof(
        replaced,
        fc.constant({ ...model, closed: !model.closed }),
        mutateProperties(model.properties).map((properties) => ({ ...model, properties })),
      )
    case 'union':
      return fc.oneof(
        replaced,
        // an option dropped (a union keeps two)
        fc.constant(
          model.options.length > 2
            ? { ...model, options: model.options.slice(1) }
            : model.options[0]!,
        ),
        modelArbitrary.map((o) => ({ ...model, options: [...model.options, o] })),
      )
    case 'nullable':
      return fc.oneof(
        replaced,
        fc.constant(model.inner),
        mutateModel(model.inner).map((inner) => ({ ...model, inner })),
      )
    default:
      return replaced
  }
}

/** Properties with one changed, removed, added, or made required or optional. */
export function mutateProperties(properties: PropertyModel[]): fc.Arbitrary<PropertyModel[]> {
  const free = ['plan', 'price', 'tags', 'meta', 'kind', 'extra', 'app'].filter(
    (name) => !properties.some((p) => p.name === name),
  )
  const added = fc
    .record({
      name: fc.constantFrom(...free),
      model: modelArbitrary,
      required: fc.boolean(),
      plain: fc.boolean(),
    })
    .map((p) => [...properties, p])
  if (!properties.length) return added
  return fc.nat(properties.length - 1).chain((i) => {
    const at = (p: PropertyModel) => properties.map((q, j) => (j === i ? p : q))
    const property = properties[i]!
    return fc.oneof(
      mutateModel(property.model).map((model) => at({ ...property, model })),
      fc.constant(at({ ...property, required: !property.required })),
      fc.constant(properties.filter((_, j) => j !== i)),
      added,
    )
  })
}

function mutateEvent(event: EventModel): fc.Arbitrary<EventModel> {
  return fc.oneof(
    fc.constant({ ...event, closed: !event.closed }),
    mutateProperties(event.properties).map((properties) => ({ ...event, properties })),
  )
}

/** A plan with one change: in an event, its context properties, or events removed, renamed or added. */
export function mutatePlan(plan: PlanModel): fc.Arbitrary<PlanModel> {
  const events = plan.events
  const added = fc.constant<PlanModel>({
    ...plan,
    events: [...events, { name: 'Added Event', properties: [], closed: false }],
  })
  if (!events.length) return added
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.nat(events.length - 1).chain((i) =>
        mutateEvent(events[i]!).map((e) => ({
          ...plan,
          events: events.map((x, j) => (j === i ? e : x)),
        })),
      ),
    },
    mutateProperties(plan.context)
      .map((context) => context.map((c) => ({ ...c, required: false, model: leafOr(c.model) })))
      .map((context) => ({ ...plan, context })),
    fc.constant({ ...plan, events: events.slice(1) }),
    // a rename: same words, another tense
    fc.constant({
      ...plan,
      events: events.map((e, j) => (j === 0 ? { ...e, name: `${e.name}s` } : e)),
    }),
    added,
  )
}

// a context property stays a scalar: what rides on every event
const leafOr = (model: Model): Model =>
  model.kind === 'string' || model.kind === 'number' || model.kind === 'boolean'
    ? model
    : { kind: 'boolean' }

/** Applies a few changes in a row. */
export function changedPlan(plan: PlanModel): fc.Arbitrary<PlanModel> {
  return mutatePlan(plan).chain((once) => fc.oneof(fc.constant(once), mutatePlan(once)))
}
