import type { JsonValue } from '../../core/event'
import { COUNT_BOUNDS, NUMBER_BOUNDS, compareBounds } from './bounds'
import type { ChangeList, PlaceStep, PropertyPlace } from './PlanChange'
import type { Schema } from './Schema'
import { isRecord as isSchema } from '../specShape'

export type { PropertyPlace } from './PlanChange'
export type { Schema } from './Schema'

/** A place inside another: its path written on (`.city`, `[]`), and the step that leads there. */
const inside = (at: PropertyPlace, written: string, step: PlaceStep): PropertyPlace => ({
  ...at,
  property: `${at.property}${written}`,
  steps: [...(at.steps ?? []), step],
})

/** One aspect of two schemas of the same property, compared; what changed is added to `changes`. */
type Comparison = (changes: ChangeList, at: PropertyPlace, before: Schema, after: Schema) => void

const jsonText = (value: unknown): string | undefined => JSON.stringify(value)
const listValues = (values: readonly unknown[]): string =>
  values.map((v) => JSON.stringify(v)).join(', ')

/** The JSON types a schema accepts; `integer` is a kind of `number`. Empty: anything. */
const typesOf = (schema: Schema): string[] =>
  Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : []
const covers = (types: string[], type: string): boolean =>
  types.length === 0 || types.includes(type) || (type === 'integer' && types.includes('number'))
const typeText = (types: string[]): string => (types.length ? types.join(' | ') : 'any')

/** The values a schema is limited to (`enum`, or `const` as one value), if it is. */
const allowedValues = (schema: Schema): JsonValue[] | undefined =>
  Array.isArray(schema.enum)
    ? (schema.enum as JsonValue[])
    : schema.const !== undefined
      ? [schema.const as JsonValue]
      : undefined

/** The keywords compared on their own (or only descriptive); any other is compared as a whole. */
const COMPARED_KEYWORDS = new Set([
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
  'additionalItems',
  'prefixItems',
  'propertyNames',
  'anyOf',
  ...NUMBER_BOUNDS,
  ...COUNT_BOUNDS.lower,
  ...COUNT_BOUNDS.upper,
])

/** A type lost narrows what passes, a type gained widens it; both at once change it. */
const compareTypes: Comparison = (changes, at, a, b) => {
  const before = typesOf(a)
  const after = typesOf(b)
  const lost = before.length === 0 ? after.length > 0 : before.some((t) => !covers(after, t))
  const gained = after.length === 0 ? before.length > 0 : after.some((t) => !covers(before, t))
  const values = { before: typeText(before), after: typeText(after) }
  const change = `${values.before} → ${values.after}`
  if (lost && gained) changes.add(at, 'type-changed', `changed type: ${change}`, values)
  else if (lost) changes.add(at, 'type-narrowed', `narrowed its type: ${change}`, values)
  else if (gained) changes.add(at, 'type-widened', `widened its type: ${change}`, values)
}

const compareEnums: Comparison = (changes, at, a, b) => {
  const before = allowedValues(a)
  const after = allowedValues(b)
  if (!before && after) {
    changes.add(at, 'enum-added', `is now limited to ${listValues(after)}`, { after })
  } else if (before && !after) {
    changes.add(at, 'enum-removed', `is no longer limited to ${listValues(before)}`, { before })
  } else if (before && after) {
    const removed = before.filter((v) => !after.some((w) => jsonText(w) === jsonText(v)))
    const added = after.filter((v) => !before.some((w) => jsonText(w) === jsonText(v)))
    if (removed.length)
      changes.add(at, 'enum-values-removed', `lost enum value(s) ${listValues(removed)}`, {
        before: removed,
      })
    if (added.length)
      changes.add(at, 'enum-values-added', `gained enum value(s) ${listValues(added)}`, {
        after: added,
      })
  }
}

const compareDescriptions: Comparison = (changes, at, a, b) => {
  const before = a.description ?? ''
  const after = b.description ?? ''
  if (before !== after)
    changes.add(at, 'property-described', 'has a new description', { before, after })
}

/** Any other keyword (`pattern`, `format`, …): changed; whether it narrows, a witness decides. */
const compareOtherKeywords: Comparison = (changes, at, a, b) => {
  for (const keyword of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (COMPARED_KEYWORDS.has(keyword)) continue
    const before = jsonText(a[keyword])
    const after = jsonText(b[keyword])
    if (before === after) continue
    changes.add(
      at,
      'constraint-changed',
      `changed "${keyword}" (${before ?? 'none'} → ${after ?? 'none'})`,
      { before: a[keyword], after: b[keyword] },
    )
  }
}

/** A property that was and still is there becoming required, or optional. */
export function compareRequired(
  changes: ChangeList,
  at: PropertyPlace,
  before: boolean,
  after: boolean,
): void {
  if (!before && after) changes.add(at, 'property-required', 'became required', { before, after })
  if (before && !after) changes.add(at, 'property-optional', 'became optional', { before, after })
}

/** An object's own properties: removed, added, made required or optional, and each compared. */
const compareObjectProperties: Comparison = (changes, at, a, b) => {
  const before = (a.properties ?? {}) as Record<string, Schema>
  const after = (b.properties ?? {}) as Record<string, Schema>
  const requiredBefore = new Set((a.required ?? []) as string[])
  const requiredAfter = new Set((b.required ?? []) as string[])
  const child = (name: string): PropertyPlace => inside(at, `.${name}`, { key: name })
  for (const name of Object.keys(before)) {
    if (!Object.hasOwn(after, name)) {
      changes.add(child(name), 'property-removed', 'was removed')
      continue
    }
    compareRequired(changes, child(name), requiredBefore.has(name), requiredAfter.has(name))
    diffSchemas(changes, child(name), before[name]!, after[name]!)
  }
  for (const name of Object.keys(after)) {
    if (Object.hasOwn(before, name)) continue
    if (requiredAfter.has(name))
      changes.add(child(name), 'property-required', 'was added as required')
    else changes.add(child(name), 'property-added', 'was added')
  }
  // keys required without a schema of their own (a record's enum keys)
  for (const name of new Set([...requiredBefore, ...requiredAfter])) {
    if (Object.hasOwn(before, name) || Object.hasOwn(after, name)) continue
    compareRequired(changes, child(name), requiredBefore.has(name), requiredAfter.has(name))
  }
}

const compareClosedObjects: Comparison = (changes, at, a, b) => {
  const isObject = a.type === 'object' || b.type === 'object'
  if (isObject && a.additionalProperties !== false && b.additionalProperties === false)
    changes.add(at, 'event-closed', 'no longer accepts keys it does not list')
}

/**
 * What a schema says of the keys or items it does not list: `true` (anything) when silent or
 * `{}` (zod's `looseObject`).
 */
const rest = (value: unknown): Schema | boolean =>
  value === undefined || value === true || (isSchema(value) && Object.keys(value).length === 0)
    ? true
    : isSchema(value)
      ? value
      : false

/**
 * The schema in force for what a container does not list, compared: a schema on both sides
 * recursively; anything → a schema narrows; a schema → anything widens. `false` → a schema is
 * handled where keys or items are closed and opened.
 */
function compareRest(
  changes: ChangeList,
  place: PropertyPlace,
  before: Schema | boolean,
  after: Schema | boolean,
  what: string,
): void {
  if (isSchema(before) && isSchema(after)) diffSchemas(changes, place, before, after)
  else if (before === true && isSchema(after))
    changes.add(place, 'type-narrowed', `now limits ${what}: ${jsonText(after)}`, { after })
  else if (isSchema(before) && after === true)
    changes.add(place, 'type-widened', `no longer limits ${what}`, { before })
  else if (before === false && after !== false)
    changes.add(place, 'type-widened', `now takes ${what}`, { after })
}

/** A tuple's positions (`items` as an array in draft-07, `prefixItems` in 2020-12) and the rest. */
const tupleOf = (schema: Schema): { positions: unknown[]; rest: Schema | boolean } | undefined =>
  Array.isArray(schema.prefixItems)
    ? { positions: schema.prefixItems as unknown[], rest: rest(schema.items) }
    : Array.isArray(schema.items)
      ? { positions: schema.items as unknown[], rest: rest(schema.additionalItems) }
      : undefined

const compareItems: Comparison = (changes, at, a, b) => {
  const before = tupleOf(a)
  const after = tupleOf(b)
  if (!before && !after) {
    const items = inside(at, '[]', { items: true })
    return compareRest(changes, items, rest(a.items), rest(b.items), 'its items')
  }
  if (!before || !after) {
    changes.add(at, 'constraint-changed', before ? 'is no longer a tuple' : 'became a tuple')
    return
  }
  const length = Math.max(before.positions.length, after.positions.length)
  for (let i = 0; i < length; i++) {
    const place = inside(at, `[${i}]`, { index: i })
    const was = i < before.positions.length ? rest(before.positions[i]) : before.rest
    const is = i < after.positions.length ? rest(after.positions[i]) : after.rest
    if (is === false && was !== false)
      changes.add(place, 'type-narrowed', 'no longer takes an item here')
    else compareRest(changes, place, was, is, 'this item')
  }
  const tail = inside(at, `[${length}…]`, { from: length })
  if (after.rest === false && before.rest !== false)
    changes.add(tail, 'type-narrowed', 'no longer takes more items')
  else compareRest(changes, tail, before.rest, after.rest, 'the items after the tuple')
}

/** A record: the values of keys it does not list (`additionalProperties`), and its keys. */
const compareRecords: Comparison = (changes, at, a, b) => {
  const values = inside(at, '.*', { values: true })
  const before = rest(a.additionalProperties)
  const after = rest(b.additionalProperties)
  if (after !== false)
    compareRest(changes, values, before, after, 'the values of keys it does not list')
  const keys = (s: Schema): Schema =>
    isSchema(s.propertyNames) ? { type: 'string', ...s.propertyNames } : { type: 'string' }
  if (a.propertyNames !== undefined || b.propertyNames !== undefined)
    diffSchemas(changes, inside(at, ' (keys)', { keys: true }), keys(a), keys(b))
}

/** `anyOf`: options kept and added widen; an option dropped may narrow (a witness decides). */
const compareOptions: Comparison = (changes, at, a, b) => {
  if (jsonText(a.anyOf) === jsonText(b.anyOf)) return
  const options = (s: Schema) => (Array.isArray(s.anyOf) ? s.anyOf.map((o) => jsonText(o)) : [])
  const before = options(a)
  const after = options(b)
  const lost = a.anyOf === undefined ? true : before.some((o) => !after.includes(o))
  const gained = after.some((o) => !before.includes(o))
  const detail = `changed its options ("anyOf": ${jsonText(a.anyOf) ?? 'none'} → ${jsonText(b.anyOf) ?? 'none'})`
  if (b.anyOf === undefined)
    changes.add(at, 'type-widened', 'is no longer limited to options', { before: a.anyOf })
  else if (lost) changes.add(at, 'constraint-changed', detail, { before: a.anyOf, after: b.anyOf })
  else if (gained)
    changes.add(at, 'type-widened', `gained options: ${jsonText(b.anyOf)}`, { after: b.anyOf })
}

/** In the order the changes are listed. */
const COMPARISONS: readonly Comparison[] = [
  compareTypes,
  compareEnums,
  compareDescriptions,
  compareBounds,
  compareOtherKeywords,
  compareObjectProperties,
  compareClosedObjects,
  compareRecords,
  compareItems,
  compareOptions,
]

/** Two JSON Schemas of one property, recursively through objects and arrays. */
export function diffSchemas(
  changes: ChangeList,
  at: PropertyPlace,
  before: Schema,
  after: Schema,
): void {
  for (const compare of COMPARISONS) compare(changes, at, before, after)
}
