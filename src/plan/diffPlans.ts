import type { JsonValue } from '../core/event'
import { describeProperty } from './exportPlan'
import { findNearDuplicates } from './naming'
import type { EventSpec, PropertySpec, TrackingPlan } from './types'

/**
 * How a change affects the people and code that read the data: `breaking` (a dashboard, a
 * funnel or an app build can break), `safe`, or `unknown` (a Standard Schema without a
 * JSON Schema changed: trackplan cannot compare it and says so instead of guessing).
 */
export type ChangeSeverity = 'breaking' | 'safe' | 'unknown'

export type PlanChangeKind =
  | 'event-removed'
  | 'event-renamed'
  | 'event-added'
  | 'event-closed'
  | 'event-opened'
  | 'event-described'
  | 'property-removed'
  | 'property-added'
  | 'property-required'
  | 'property-optional'
  | 'type-changed'
  | 'type-narrowed'
  | 'type-widened'
  | 'enum-added'
  | 'enum-removed'
  | 'enum-values-removed'
  | 'enum-values-added'
  | 'constraint-narrowed'
  | 'constraint-widened'
  | 'constraint-changed'
  | 'property-described'
  | 'not-comparable'

export interface PlanChange {
  kind: PlanChangeKind
  severity: ChangeSeverity
  /** The event, or `(context properties)` for the plan's `contextProperties`. */
  event: string
  /** The property, dotted for nested ones (`address.city`). */
  property?: string
  /** One line for people: `"Viewed Pricing": property "plan" lost enum value(s) "team"`. */
  message: string
  /** The change alone, without the event and property: `lost enum value(s) "team"`. */
  detail: string
  before?: unknown
  after?: unknown
}

type Schema = Record<string, unknown>

const SEVERITY: Record<PlanChangeKind, ChangeSeverity> = {
  'event-removed': 'breaking',
  'event-renamed': 'breaking',
  'event-added': 'safe',
  'event-closed': 'breaking',
  'event-opened': 'safe',
  'event-described': 'safe',
  'property-removed': 'breaking',
  'property-added': 'safe',
  'property-required': 'breaking',
  'property-optional': 'safe',
  'type-changed': 'breaking',
  'type-narrowed': 'breaking',
  'type-widened': 'safe',
  'enum-added': 'breaking',
  'enum-removed': 'safe',
  'enum-values-removed': 'breaking',
  'enum-values-added': 'safe',
  'constraint-narrowed': 'breaking',
  'constraint-widened': 'safe',
  'constraint-changed': 'unknown',
  'property-described': 'safe',
  'not-comparable': 'unknown',
}

const key = (value: unknown): string => JSON.stringify(value)
const show = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ')

/** The JSON types a schema accepts; `integer` is a kind of `number`. Empty: anything. */
const typesOf = (schema: Schema): string[] =>
  Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : []
const covers = (types: string[], type: string): boolean =>
  types.length === 0 || types.includes(type) || (type === 'integer' && types.includes('number'))

// bounds: raising a lower one or lowering an upper one narrows what passes
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties']
const UNDERSTOOD = (keyword: string): boolean =>
  [
    'type',
    'enum',
    'const',
    'description',
    'properties',
    'required',
    'items',
    'additionalProperties',
    'title',
    'default',
    'examples',
    '$schema',
    ...LOWER,
    ...UPPER,
  ].includes(keyword)

class Differ {
  readonly changes: PlanChange[] = []

  add(
    kind: PlanChangeKind,
    event: string,
    property: string | undefined,
    message: string,
    before?: unknown,
    after?: unknown,
  ): void {
    const where = property === undefined ? `"${event}"` : `"${event}": property "${property}"`
    this.changes.push({
      kind,
      severity: SEVERITY[kind],
      event,
      ...(property === undefined ? {} : { property }),
      message: `${where} ${message}`,
      detail: message,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    })
  }

  /** Two property specs (plain or Standard Schema), through the JSON Schema `export` produces. */
  property(event: string, name: string, before: PropertySpec, after: PropertySpec): void {
    const a = describeProperty(before)
    const b = describeProperty(after)
    if (!a.comparable || !b.comparable) {
      if (before !== after) {
        const which = !b.comparable ? after : before
        const vendor =
          (which as { '~standard'?: { vendor?: string } })['~standard']?.vendor ?? 'unknown'
        this.add(
          'not-comparable',
          event,
          name,
          `is a Standard Schema (${vendor}) that gives no JSON Schema: trackplan cannot compare it; review the change by hand`,
        )
      }
      return
    }
    if (!a.required && b.required)
      this.add('property-required', event, name, 'became required', false, true)
    if (a.required && !b.required)
      this.add('property-optional', event, name, 'became optional', true, false)
    this.schema(event, name, a.schema, b.schema)
  }

  /** Two JSON Schemas of one property, recursively through objects and arrays. */
  schema(event: string, name: string, a: Schema, b: Schema): void {
    const ta = typesOf(a)
    const tb = typesOf(b)
    const lost = ta.length === 0 ? (tb.length ? ['any'] : []) : ta.filter((t) => !covers(tb, t))
    const gained = tb.length === 0 ? (ta.length ? ['any'] : []) : tb.filter((t) => !covers(ta, t))
    const types = (t: string[]): string => (t.length ? t.join(' | ') : 'any')
    if (lost.length && gained.length)
      this.add(
        'type-changed',
        event,
        name,
        `changed type: ${types(ta)} → ${types(tb)}`,
        types(ta),
        types(tb),
      )
    else if (lost.length)
      this.add(
        'type-narrowed',
        event,
        name,
        `narrowed its type: ${types(ta)} → ${types(tb)}`,
        types(ta),
        types(tb),
      )
    else if (gained.length)
      this.add(
        'type-widened',
        event,
        name,
        `widened its type: ${types(ta)} → ${types(tb)}`,
        types(ta),
        types(tb),
      )

    const ea = allowed(a)
    const eb = allowed(b)
    if (!ea && eb)
      this.add('enum-added', event, name, `is now limited to ${show(eb)}`, undefined, eb)
    else if (ea && !eb)
      this.add('enum-removed', event, name, `is no longer limited to ${show(ea)}`, ea, undefined)
    else if (ea && eb) {
      const removed = ea.filter((v) => !eb.some((w) => key(w) === key(v)))
      const added = eb.filter((v) => !ea.some((w) => key(w) === key(v)))
      if (removed.length)
        this.add(
          'enum-values-removed',
          event,
          name,
          `lost enum value(s) ${show(removed)}`,
          removed,
          undefined,
        )
      if (added.length)
        this.add(
          'enum-values-added',
          event,
          name,
          `gained enum value(s) ${show(added)}`,
          undefined,
          added,
        )
    }

    if ((a.description ?? '') !== (b.description ?? ''))
      this.add(
        'property-described',
        event,
        name,
        'has a new description',
        a.description ?? '',
        b.description ?? '',
      )

    for (const bound of [...LOWER, ...UPPER]) {
      const x = bounded(a[bound])
      const y = bounded(b[bound])
      if (
        x === y ||
        (typeof x !== 'number' && x !== undefined) ||
        (typeof y !== 'number' && y !== undefined)
      )
        continue
      const lower = LOWER.includes(bound)
      const narrower =
        x === undefined ||
        (y !== undefined && (lower ? (y as number) > (x as number) : (y as number) < (x as number)))
      this.add(
        narrower ? 'constraint-narrowed' : 'constraint-widened',
        event,
        name,
        `${bound}: ${x ?? 'none'} → ${y ?? 'none'}`,
        x,
        y,
      )
    }
    for (const keyword of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!UNDERSTOOD(keyword) && key(a[keyword]) !== key(b[keyword])) {
        this.add(
          'constraint-changed',
          event,
          name,
          `changed "${keyword}" (${key(a[keyword]) ?? 'none'} → ${key(b[keyword]) ?? 'none'}): trackplan cannot tell whether that narrows it; review by hand`,
          a[keyword],
          b[keyword],
        )
      }
    }

    // nested objects and array items
    const pa = (a.properties ?? {}) as Record<string, Schema>
    const pb = (b.properties ?? {}) as Record<string, Schema>
    const ra = new Set((a.required ?? []) as string[])
    const rb = new Set((b.required ?? []) as string[])
    for (const child of Object.keys(pa)) {
      if (!Object.hasOwn(pb, child))
        this.add('property-removed', event, `${name}.${child}`, 'was removed')
      else {
        if (!ra.has(child) && rb.has(child))
          this.add('property-required', event, `${name}.${child}`, 'became required', false, true)
        if (ra.has(child) && !rb.has(child))
          this.add('property-optional', event, `${name}.${child}`, 'became optional', true, false)
        this.schema(event, `${name}.${child}`, pa[child]!, pb[child]!)
      }
    }
    for (const child of Object.keys(pb)) {
      if (!Object.hasOwn(pa, child))
        this.add(
          rb.has(child) ? 'property-required' : 'property-added',
          event,
          `${name}.${child}`,
          rb.has(child) ? 'was added as required' : 'was added',
        )
    }
    if (
      a.additionalProperties !== false &&
      b.additionalProperties === false &&
      (a.type === 'object' || b.type === 'object')
    ) {
      this.add('event-closed', event, name, 'no longer accepts keys it does not list')
    }
    const ia = a.items
    const ib = b.items
    if (
      ia &&
      ib &&
      typeof ia === 'object' &&
      typeof ib === 'object' &&
      !Array.isArray(ia) &&
      !Array.isArray(ib)
    )
      this.schema(event, `${name}[]`, ia as Schema, ib as Schema)
    else if (!ia && ib && typeof ib === 'object')
      this.add(
        'type-narrowed',
        event,
        `${name}[]`,
        `now limits its items: ${key(ib)}`,
        undefined,
        ib,
      )
    else if (ia && !ib)
      this.add('type-widened', event, `${name}[]`, 'no longer limits its items', ia, undefined)
  }

  /** The properties of one event (or the context properties). */
  properties(event: string, a: EventSpec | undefined, b: EventSpec | undefined): void {
    const pa = a?.properties ?? {}
    const pb = b?.properties ?? {}
    for (const name of Object.keys(pa)) {
      if (!Object.hasOwn(pb, name)) this.add('property-removed', event, name, 'was removed')
      else this.property(event, name, pa[name]!, pb[name]!)
    }
    for (const name of Object.keys(pb)) {
      if (Object.hasOwn(pa, name)) continue
      const spec = describeProperty(pb[name]!)
      if (spec.required)
        this.add(
          'property-required',
          event,
          name,
          'was added as required: older app versions do not send it',
        )
      else this.add('property-added', event, name, 'was added')
    }
  }
}

/** A bound as a number; the safe-integer limits zod puts on every `.int()` are no bound. */
const bounded = (value: unknown): unknown =>
  typeof value === 'number' && Math.abs(value) >= Number.MAX_SAFE_INTEGER ? undefined : value

const allowed = (schema: Schema): JsonValue[] | undefined =>
  Array.isArray(schema.enum)
    ? (schema.enum as JsonValue[])
    : schema.const !== undefined
      ? [schema.const as JsonValue]
      : undefined

const TEXT_FIELDS = ['description', 'trigger', 'owner'] as const

/**
 * Every change between two versions of a plan, classified. Breaking: an event removed (or
 * probably renamed: a removed event with a near-duplicate added), a property removed,
 * made required or added as required, a type changed or narrowed (number → string,
 * string → enum, a tighter bound), enum values removed, extra properties newly forbidden.
 * Safe: events, optional properties and enum values added, descriptions changed, anything
 * widened. Standard Schemas are compared through their JSON Schema; one that has none is
 * reported as `unknown`, not guessed.
 *
 * @example
 * const breaking = diffPlans(before, after).filter((c) => c.severity === 'breaking')
 */
export function diffPlans(before: TrackingPlan, after: TrackingPlan): PlanChange[] {
  const d = new Differ()
  const removed = Object.keys(before.events).filter((n) => !Object.hasOwn(after.events, n))
  const added = Object.keys(after.events).filter((n) => !Object.hasOwn(before.events, n))
  const synonyms = after.synonyms ?? before.synonyms
  const renamed = new Map<string, string>()
  for (const group of findNearDuplicates([...removed, ...added], synonyms ? { synonyms } : {})) {
    const from = group.find((n) => removed.includes(n))
    const to = group.find((n) => added.includes(n))
    if (from !== undefined && to !== undefined) renamed.set(from, to)
  }
  const renamedTo = new Set(renamed.values())
  for (const name of removed) {
    const to = renamed.get(name)
    if (to !== undefined)
      d.add(
        'event-renamed',
        name,
        undefined,
        `was removed and "${to}" added: probably a rename, which splits its history in reports`,
        name,
        to,
      )
    else d.add('event-removed', name, undefined, 'was removed')
  }
  for (const name of Object.keys(before.events)) {
    const a = before.events[name]!
    const b =
      after.events[name] ?? (renamed.has(name) ? after.events[renamed.get(name)!] : undefined)
    if (!b) continue
    const label = after.events[name] ? name : renamed.get(name)!
    if (a.additionalProperties !== false && b.additionalProperties === false)
      d.add(
        'event-closed',
        label,
        undefined,
        'no longer accepts properties the plan does not list (additionalProperties: false)',
      )
    if (a.additionalProperties === false && b.additionalProperties !== false)
      d.add('event-opened', label, undefined, 'accepts properties the plan does not list')
    for (const field of TEXT_FIELDS) {
      if ((a[field] ?? '') !== (b[field] ?? ''))
        d.add(
          'event-described',
          label,
          undefined,
          `has a new ${field}`,
          a[field] ?? '',
          b[field] ?? '',
        )
    }
    d.properties(label, a, b)
  }
  for (const name of added)
    if (!renamedTo.has(name)) d.add('event-added', name, undefined, 'was added')
  if (before.contextProperties || after.contextProperties) {
    d.properties(
      '(context properties)',
      { properties: before.contextProperties ?? {} },
      { properties: after.contextProperties ?? {} },
    )
  }
  return d.changes
}
