import type { JsonValue } from '../../core/event'
import type { PlaceStep } from './PlanChange'
import { BEYOND, samplesAt, set } from './samples'
import type { Schema } from './Schema'
import { isRecord as isObject } from '../specShape'

// A property's samples keep only a child's first few, so a change several containers down —
// a key an open object took as anything, typed now, beside keys with samples of their own —
// may be missed by them. These are values built for one place: each candidate put there,
// what leads to it filled as the old schema wants it.

/** How many of each version's samples are tried at the place itself, before values of every kind. */
const AT_PLACE = 32

type JsonObject = { [key: string]: JsonValue }

/** A tuple's positions and what follows them, as draft-07 or 2020-12 writes them. */
const tupleOf = (schema: Schema): { positions: unknown[]; rest: unknown } =>
  Array.isArray(schema.prefixItems)
    ? { positions: schema.prefixItems as unknown[], rest: schema.items }
    : Array.isArray(schema.items)
      ? { positions: schema.items as unknown[], rest: schema.additionalItems }
      : { positions: [], rest: schema.items }

/** The schema a step leads to (`undefined`: anything is taken there). */
function schemaAt(schema: unknown, step: PlaceStep): unknown {
  if (!isObject(schema)) return undefined
  if ('key' in step) {
    const listed = isObject(schema.properties) ? schema.properties : {}
    return Object.hasOwn(listed, step.key) ? listed[step.key] : schema.additionalProperties
  }
  if ('values' in step) return schema.additionalProperties
  if ('keys' in step) return undefined
  const { positions, rest } = tupleOf(schema)
  if ('index' in step) return step.index < positions.length ? positions[step.index] : rest
  return rest
}

/** The first sample of a schema: the likeliest value it takes. */
const first = (schema: unknown): JsonValue => samplesAt(schema, 1)[0] ?? null

/** The schema an object lists for a key, if it lists one. */
const listedAt = (schema: unknown, key: string): unknown =>
  isObject(schema) && isObject(schema.properties) && Object.hasOwn(schema.properties, key)
    ? schema.properties[key]
    : undefined

/**
 * An object's required keys (either version's) filled: by the schema a version lists for the
 * key (the old one's first), else by what the old one takes for keys it does not list.
 */
function requiredFilled(before: unknown, after: unknown): JsonObject {
  const out: JsonObject = {}
  for (const schema of [after, before]) {
    if (!isObject(schema) || !Array.isArray(schema.required)) continue
    for (const name of schema.required as unknown[]) {
      const key = String(name)
      const listed = listedAt(before, key) ?? listedAt(after, key)
      set(out, key, first(listed ?? schemaAt(before, { key })))
    }
  }
  return out
}

/** The items before position `n`, each the first sample of its position in the old schema. */
function leading(before: unknown, n: number): JsonValue[] {
  return Array.from({ length: n }, (_, i) => first(schemaAt(before, { index: i })))
}

/** Each value put where `step` leads, inside a container both versions may take. */
function wrap(step: PlaceStep, schemas: [unknown, unknown], values: JsonValue[]): JsonValue[] {
  const [before, after] = schemas
  if ('key' in step) return values.map((v) => set(requiredFilled(before, after), step.key, v))
  if ('values' in step) {
    const names = isObject(before) && isObject(before.propertyNames) ? before.propertyNames : {}
    const key = Array.isArray(names.enum) && names.enum.length ? String(names.enum[0]) : 'key'
    return values.map((v) => set(requiredFilled(before, after), key, v))
  }
  if ('items' in step) {
    const fewest = isObject(before) && typeof before.minItems === 'number' ? before.minItems : 1
    return values.map((v) => Array(Math.min(Math.max(fewest, 1), 100)).fill(v) as JsonValue[])
  }
  if ('index' in step) return values.map((v) => [...leading(before, step.index), v])
  if ('from' in step) return values.map((v) => [...leading(before, step.from), v])
  return []
}

/**
 * Values of a property that hold each candidate at the place `steps` lead to: the samples of
 * both versions' schemas there, then values of every kind.
 */
export function samplesAlong(
  before: Schema,
  after: Schema,
  steps: readonly PlaceStep[],
): JsonValue[] {
  const path: [unknown, unknown][] = [[before, after]]
  for (const step of steps) {
    const [was, is] = path.at(-1)!
    path.push([schemaAt(was, step), schemaAt(is, step)])
  }
  const [was, is] = path.at(-1)!
  const seen = new Set<string>()
  const candidates = [
    ...samplesAt(was, 0).slice(0, AT_PLACE),
    ...samplesAt(is, 0).slice(0, AT_PLACE),
    ...BEYOND,
  ]
  let values = candidates.filter((v) => {
    const key = JSON.stringify(v)
    return !seen.has(key) && !!seen.add(key)
  })
  for (let i = steps.length - 1; i >= 0; i--) values = wrap(steps[i]!, path[i]!, values)
  return values
}

/** A copy of `value` without the key the last of `steps` names, wherever the steps lead. */
export function without(value: JsonValue, steps: readonly PlaceStep[]): JsonValue {
  const [step, ...rest] = steps
  if (!step || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    if ('items' in step) return value.map((v) => without(v, rest))
    if ('index' in step || 'from' in step) {
      const from = 'index' in step ? step.index : step.from
      const to = 'index' in step ? step.index + 1 : value.length
      return value.map((v, i) => (i >= from && i < to ? without(v, rest) : v))
    }
    return value
  }
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(value)) {
    if ('key' in step && k === step.key && !rest.length) continue
    const inside = ('key' in step && k === step.key) || 'values' in step
    Object.defineProperty(out, k, { value: inside ? without(v, rest) : v, enumerable: true })
  }
  return out
}
