import { isAboutName, type JsonValue, type TrackedEvent, type Violation } from '../../core/event'
import type { EventChecker } from '../../core/types'
import type { PropertySpec, TrackingPlan } from '../types'
import { compilePlan } from '../validate'
import type { Describe } from './diffProperties'
import type { Schema } from './Schema'
import type { ChangePlace, PlaceStep, PlanChangeKind, Witness } from './PlanChange'
import { concerns, PropertyChecks } from './propertyChecks'
import { isSchema } from '../isSchema'
import { samplesAlong, without } from './focused'
import { sameChecks } from './sameSpec'
import { samplesFor } from './samples'

type JsonObject = { [key: string]: JsonValue }

const envelope = (event: string, properties: JsonObject): TrackedEvent => ({
  type: 'track',
  event,
  properties,
  userId: null,
  anonymousId: 'witness',
  messageId: 'witness',
  timestamp: '2026-01-01T00:00:00.000Z',
  context: {} as TrackedEvent['context'],
})

const ownValue = <T>(record: { readonly [key: string]: T }, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined

const withValue = (properties: JsonObject, name: string, value: JsonValue | undefined) => {
  const out = { ...properties }
  if (value === undefined) delete out[name]
  else Object.defineProperty(out, name, { value, enumerable: true, writable: true })
  return out
}

/** The property left out, then each sample: a property the old version does not require. */
function* leftOutFirst(samples: Iterable<JsonValue>): Generator<JsonValue | undefined> {
  yield undefined
  yield* samples
}

/**
 * The values to try for a property: samples of both versions (the property left out first when
 * the old version does not require it), then values built for each place in `focus`.
 */
function* candidates(
  schemas: { before: Schema; after: Schema },
  required: boolean,
  focus: readonly (readonly PlaceStep[])[],
): Generator<JsonValue | undefined> {
  const samples = samplesFor(schemas.before, schemas.after)
  yield* required ? samples : leftOutFirst(samples)
  for (const steps of focus) yield* samplesAlong(schemas.before, schemas.after, steps)
}

/** The values a step leads to from each of `values` (a key's value, an array's items, …). */
function stepInto(values: readonly JsonValue[], step: PlaceStep): JsonValue[] {
  const objects = values.filter(
    (v): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v),
  )
  const arrays = values.filter(Array.isArray)
  if ('key' in step)
    return objects.flatMap((o) => (Object.hasOwn(o, step.key) ? [o[step.key]!] : []))
  if ('items' in step) return arrays.flat()
  if ('index' in step) return arrays.flatMap((a) => (step.index < a.length ? [a[step.index]!] : []))
  if ('from' in step) return arrays.flatMap((a) => a.slice(step.from))
  if ('values' in step) return objects.flatMap((o) => Object.values(o))
  return objects
}

/**
 * Whether a witness shows a change at `place`: it holds a value there — or, for a key made
 * required, the object without that key. (A witness found for one change inside a property
 * says nothing of another change elsewhere in it.)
 */
export function shows(witness: Witness, place: ChangePlace, kind: PlanChangeKind): boolean {
  const steps = place.steps ?? []
  if (place.root === undefined || steps.length === 0) return true
  let values: JsonValue[] = Object.hasOwn(witness.properties, place.root)
    ? [witness.properties[place.root]!]
    : []
  const last = steps.at(-1)!
  const lacksKey = kind === 'property-required' && 'key' in last
  for (const step of lacksKey ? steps.slice(0, -1) : steps) values = stepInto(values, step)
  return lacksKey
    ? stepInto(values, { keys: true }).some((o) => !Object.hasOwn(o as JsonObject, last.key))
    : values.length > 0
}

/**
 * Looks for witnesses with the plans' own runtime checkers: every candidate is judged by what
 * the app's tracker would say, Standard Schemas included. Values of one property are tried
 * against its checks alone; a value that may be a witness is then judged as a whole event.
 */
export class WitnessSearch {
  private readonly checkBefore: EventChecker
  private readonly checkAfter: EventChecker
  private readonly propertyBefore: PropertyChecks
  private readonly propertyAfter: PropertyChecks
  private readonly bases = new Map<string, JsonObject>()

  constructor(
    private readonly before: TrackingPlan,
    private readonly after: TrackingPlan,
    private readonly describe: Describe,
  ) {
    this.checkBefore = compilePlan(before)
    this.checkAfter = compilePlan(after)
    this.propertyBefore = new PropertyChecks(before)
    this.propertyAfter = new PropertyChecks(after)
  }

  /** The violations a checker finds, or `undefined` when an async schema must answer. */
  private static verdict(check: EventChecker, event: string, properties: JsonObject) {
    const found = check(envelope(event, properties))
    return 'pending' in found ? undefined : (found as readonly Violation[])
  }

  /**
   * A witness if the old plan accepts this event and the new one rejects it for a reason
   * `about` names (`renamedTo`: the name the new plan gives the event).
   */
  judge(
    names: { event: string; renamedTo: string },
    properties: JsonObject,
    about: (violation: Violation) => boolean,
    wanted: (witness: Witness) => boolean = () => true,
  ): Witness | undefined {
    const { event, renamedTo } = names
    // the checks are per property: a value is a witness when the old plan says nothing about it
    // (a property that could not be sampled, such as a hand-written schema's, may stay missing)
    const was = WitnessSearch.verdict(this.checkBefore, event, properties)
    if (!was || was.some((v) => about(v) || v.kind === 'unplanned')) return undefined
    const now = WitnessSearch.verdict(this.checkAfter, renamedTo, properties)
    const fresh = now?.find(
      (v) => about(v) && !was.some((w) => w.kind === v.kind && w.property === v.property),
    )
    if (!fresh) return undefined
    // a name the old plan already flags says nothing about the properties: no property unfilled
    const unfilled = was.filter((v) => !isAboutName(v.kind)).map((v) => v.property ?? '')
    const witness = {
      event,
      properties,
      rejection: fresh.message,
      ...(unfilled.length ? { unfilled: [...new Set(unfilled)] } : {}),
    }
    return wanted(witness) ? witness : undefined
  }

  /**
   * The smallest properties the old plan accepts for an event: those either version requires,
   * with values both accept where there are such.
   */
  base(event: string, renamedTo = event): JsonObject {
    const known = this.bases.get(event)
    if (known) return known
    let properties: JsonObject = {}
    const specs = ownValue(this.before.events, event)?.properties ?? {}
    const laterSpecs = ownValue(this.after.events, renamedTo)?.properties ?? {}
    for (const name of new Set([...Object.keys(specs), ...Object.keys(laterSpecs)])) {
      const was = ownValue(specs, name)
      const is = ownValue(laterSpecs, name)
      const rows = { was: was && this.describe(was), is: is && this.describe(is) }
      if (!rows.was?.required && !rows.is?.required) continue
      // the first value both versions accept, else the first the old one does (if it requires one)
      let value: JsonValue | undefined
      let fitsBeforeOnly: JsonValue | undefined
      for (const sample of samplesFor(rows.was?.schema ?? {}, rows.is?.schema ?? {})) {
        if (this.propertyBefore.about(event, name, sample)?.length !== 0) continue
        if (this.propertyAfter.about(renamedTo, name, sample)?.length === 0) {
          value = sample
          break
        }
        fitsBeforeOnly ??= sample
      }
      value ??= rows.was?.required ? fitsBeforeOnly : undefined
      if (value !== undefined) properties = withValue(properties, name, value)
    }
    this.bases.set(event, properties)
    return properties
  }

  /**
   * Whether two versions of a property may be told apart by a value: checked differently
   * (`sameChecks`), or Standard Schemas whose JSON Schemas differ by more than descriptions —
   * two schemas of one source (an app's helper, a callable schema as arktype's) differ only
   * by what they captured, which their JSON Schemas show.
   */
  differ(before: PropertySpec | undefined, after: PropertySpec | undefined): boolean {
    if (!sameChecks(before, after)) return true
    if (!before || !after || before === after || !isSchema(before) || !isSchema(after)) return false
    const text = (spec: PropertySpec) =>
      JSON.stringify(this.describe(spec).schema, (key, value: unknown) =>
        (key === 'description' || key === 'title') && typeof value === 'string' ? undefined : value,
      )
    return text(before) !== text(after)
  }

  /**
   * Whether the new plan rejects `witness` for the key a change at `place` names: without it
   * there, the new plan takes the property (a place that names no key: yes).
   */
  rejectedFor(witness: Witness, place: ChangePlace, renamedTo: string): boolean {
    const steps = place.steps ?? []
    const last = steps.at(-1)
    if (place.root === undefined || !last || !('key' in last)) return true
    if (!Object.hasOwn(witness.properties, place.root)) return false
    const value = without(witness.properties[place.root]!, steps)
    return this.propertyAfter.about(renamedTo, place.root, value)?.length === 0
  }

  /** The event as the old plan accepts it, sent to the new plan (an event removed or renamed). */
  forEvent(event: string): Witness | undefined {
    return this.judge({ event, renamedTo: event }, this.base(event), (v) => v.kind === 'unplanned')
  }

  /** The event with a key neither the event nor the context properties list. */
  forUnlistedKey(event: string, renamedTo = event): Witness | undefined {
    const listed = {
      ...this.before.contextProperties,
      ...ownValue(this.before.events, event)?.properties,
    }
    let key = 'unlisted'
    while (Object.hasOwn(listed, key)) key += '_'
    const properties = { ...this.base(event, renamedTo), [key]: 'x' }
    return this.judge({ event, renamedTo }, properties, (v) => v.property === key)
  }

  /**
   * A value of `name` (a property of `event`, or a context property carried by `event`) that
   * the old plan accepts and the new one does not, or the property left out; `wanted`: one
   * that shows a given change; `focus`: the places inside the property where changes are,
   * tried each on its own when the property's samples find nothing.
   */
  forProperty(
    names: { event: string; renamedTo: string; property: string },
    specs: { before?: PropertySpec; after?: PropertySpec },
    wanted?: (witness: Witness) => boolean,
    focus: readonly (readonly PlaceStep[])[] = [],
  ): Witness | undefined {
    const { event, renamedTo, property: name } = names
    const before = specs.before ? this.describe(specs.before) : undefined
    const after = specs.after ? this.describe(specs.after) : undefined
    const base = this.base(event, renamedTo)
    const schemas = {
      before: (before?.schema ?? {}) as Schema,
      after: (after?.schema ?? {}) as Schema,
    }
    for (const value of candidates(schemas, before?.required === true, focus)) {
      // the property alone first: accepted before, rejected after
      if (this.propertyBefore.about(event, name, value)?.length !== 0) continue
      if (!this.propertyAfter.about(renamedTo, name, value)?.length) continue
      const found = this.judge(
        { event, renamedTo },
        withValue(base, name, value),
        (v) => concerns(v, name),
        wanted,
      )
      if (found) return found
    }
    return undefined
  }

  /**
   * The events planned in both versions (`renames`: old name → new) that list `name` in
   * neither: they carry it as a context property.
   */
  carriersOf(
    name: string,
    renames: ReadonlyMap<string, string>,
  ): { event: string; renamedTo: string }[] {
    return Object.keys(this.before.events)
      .map((event) => ({
        event,
        renamedTo: Object.hasOwn(this.after.events, event) ? event : renames.get(event),
      }))
      .filter(
        (names): names is { event: string; renamedTo: string } =>
          names.renamedTo !== undefined &&
          !Object.hasOwn(this.before.events[names.event]!.properties ?? {}, name) &&
          !Object.hasOwn(this.after.events[names.renamedTo]!.properties ?? {}, name),
      )
  }
}
