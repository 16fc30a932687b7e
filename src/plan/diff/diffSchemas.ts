import type { JsonValue } from '../../core/event'
import type { ChangeList } from './PlanChange'

/** A property's JSON Schema, as `describeProperty` gives it. */
export type Schema = Record<string, unknown>

/** A property of an event, dotted when nested (`address.city`, `lines[].sku`). */
export interface PropertyPlace {
  event: string
  property: string
}

/** One aspect of two schemas of the same property, compared; what changed is added to `changes`. */
type Comparison = (changes: ChangeList, at: PropertyPlace, before: Schema, after: Schema) => void

const jsonText = (value: unknown): string | undefined => JSON.stringify(value)
const listValues = (values: readonly unknown[]): string =>
  values.map((v) => JSON.stringify(v)).join(', ')
const isSchema = (value: unknown): value is Schema =>
  !!value && typeof value === 'object' && !Array.isArray(value)

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

// bounds: raising a lower one or lowering an upper one narrows what passes
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties']

/** A bound as a number; the safe-integer limits zod puts on every `.int()` are no bound. */
const bounded = (value: unknown): unknown =>
  typeof value === 'number' && Math.abs(value) >= Number.MAX_SAFE_INTEGER ? undefined : value
const isBound = (value: unknown): value is number | undefined =>
  typeof value === 'number' || value === undefined

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
  ...LOWER,
  ...UPPER,
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

const compareBounds: Comparison = (changes, at, a, b) => {
  for (const bound of [...LOWER, ...UPPER]) {
    const before = bounded(a[bound])
    const after = bounded(b[bound])
    if (before === after || !isBound(before) || !isBound(after)) continue
    const narrower =
      before === undefined ||
      (after !== undefined && (LOWER.includes(bound) ? after > before : after < before))
    const detail = `${bound}: ${before ?? 'none'} → ${after ?? 'none'}`
    changes.add(at, narrower ? 'constraint-narrowed' : 'constraint-widened', detail, {
      before,
      after,
    })
  }
}

/** Any other keyword (`pattern`, `format`, …): changed, but whether it narrows is unknown. */
const compareOtherKeywords: Comparison = (changes, at, a, b) => {
  for (const keyword of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (COMPARED_KEYWORDS.has(keyword)) continue
    const before = jsonText(a[keyword])
    const after = jsonText(b[keyword])
    if (before === after) continue
    changes.add(
      at,
      'constraint-changed',
      `changed "${keyword}" (${before ?? 'none'} → ${after ?? 'none'}): trackplan cannot tell whether that narrows it; review by hand`,
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
  const child = (name: string): PropertyPlace => ({ ...at, property: `${at.property}.${name}` })
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
}

const compareClosedObjects: Comparison = (changes, at, a, b) => {
  const isObject = a.type === 'object' || b.type === 'object'
  if (isObject && a.additionalProperties !== false && b.additionalProperties === false)
    changes.add(at, 'event-closed', 'no longer accepts keys it does not list')
}

const compareItems: Comparison = (changes, at, a, b) => {
  const before = a.items
  const after = b.items
  const items: PropertyPlace = { ...at, property: `${at.property}[]` }
  if (isSchema(before) && isSchema(after)) diffSchemas(changes, items, before, after)
  else if (!before && after && typeof after === 'object')
    changes.add(items, 'type-narrowed', `now limits its items: ${jsonText(after)}`, { after })
  else if (before && !after)
    changes.add(items, 'type-widened', 'no longer limits its items', { before })
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
  compareItems,
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
