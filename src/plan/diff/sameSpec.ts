import type { StandardSchemaV1 } from '@standard-schema/spec'
import { isSchema } from '../isSchema'
import { isRecord } from '../specShape'
import type { PropertySpec } from '../types'
import { PROBES } from './samples'

/** A zod schema's definition (`_zod.def`), if the value is one. */
const zodDefinition = (value: object): object | undefined => {
  const internals = (value as { _zod?: { def?: unknown } })._zod
  return internals && typeof internals.def === 'object' && internals.def !== null
    ? internals.def
    : undefined
}

/**
 * A key's value, or what reading it threw: a getter may throw (zod's `.value` of a literal
 * of several values does), and two getters that throw alike are alike.
 */
function read(object: object, key: PropertyKey): { value: unknown } | { threw: string } {
  try {
    return { value: (object as Record<PropertyKey, unknown>)[key] }
  } catch (error) {
    return { threw: error instanceof Error ? `${error.name}: ${error.message}` : typeof error }
  }
}

/** Two keys' values (as `read` gives them) compared. */
function sameRead(a: object, b: object, key: PropertyKey, seen: Map<object, object>): boolean {
  const x = read(a, key)
  const y = read(b, key)
  if ('threw' in x || 'threw' in y) return 'threw' in x && 'threw' in y && x.threw === y.threw
  return sameSpec(x.value, y.value, seen)
}

/**
 * Whether two values are the same by what they hold, not by identity: the same plan
 * file loaded twice (`diff --base` against an unchanged file) gives equal specs, Standard
 * Schemas included (a zod schema by its definition). Functions (a Standard Schema's `validate`,
 * a refinement) are compared by their source; keys in any order.
 */
export function sameSpec(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (Object.is(a, b)) return true
  if (typeof a === 'function' && typeof b === 'function') return String(a) === String(b)
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false
  if (seen.get(a) === b) return true
  seen.set(a, b)
  // zod swaps its own parse functions as a schema runs (4.6 unwraps a container's on its first
  // parse): a zod schema is what its definition says — type, shape, checks, refinements
  const defs = { a: zodDefinition(a), b: zodDefinition(b) }
  if (defs.a && defs.b) return sameSpec(defs.a, defs.b, seen)
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    // two loads of one module build objects of two copies of a class: compare by shape
    const nameOf = (o: object) =>
      (Object.getPrototypeOf(o) as { constructor?: { name?: string } } | null)?.constructor?.name
    if (nameOf(a) !== nameOf(b)) return false
  }
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b)
  const keysA = Reflect.ownKeys(a)
  const keysB = new Set(Reflect.ownKeys(b))
  if (keysA.length !== keysB.size) return false
  return keysA.every(
    (key) =>
      keysB.has(key) &&
      Object.prototype.propertyIsEnumerable.call(b, key) ===
        Object.prototype.propertyIsEnumerable.call(a, key) &&
      sameRead(a, b, key, seen),
  )
}

/** What a Standard Schema answers to a value, as text (its issues name its parameters). */
function answer(schema: StandardSchemaV1, value: unknown): string {
  try {
    const result = schema['~standard'].validate(value)
    return result instanceof Promise ? 'async' : JSON.stringify(result)
  } catch (error) {
    return `threw ${String(error)}`
  }
}

/**
 * Whether two versions of a property are the same: equal by what they hold and, for Standard
 * Schemas, giving the same answers to the probe values. The answers see what a function's
 * source does not: a value it captured (`sku('SKU-')` and `sku('SKU-2-')` share their source,
 * but their messages differ).
 */
export function sameProperty(a: PropertySpec | undefined, b: PropertySpec | undefined): boolean {
  if (!sameSpec(a, b)) return false
  if (!a || !b || !isSchema(a) || !isSchema(b) || a === b) return true
  return PROBES.every((probe) => answer(a, probe) === answer(b, probe))
}

/** A plain spec without its descriptions (nested ones too): what its runtime check reads. */
function checked(spec: PropertySpec | undefined): unknown {
  if (!isRecord(spec) || isSchema(spec)) return spec
  const { description: _description, properties, items, ...rest } = spec
  const nested = isRecord(properties)
    ? Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, checked(child)]))
    : properties
  return {
    ...rest,
    ...(nested === undefined ? {} : { properties: nested }),
    ...(items === undefined ? {} : { items: checked(items) }),
  }
}

/**
 * Whether two versions of a property are checked the same: `sameProperty`, a plain spec's
 * descriptions aside (zod keeps its description outside the schema). No value can tell such
 * versions apart, so no witness is looked for.
 */
export const sameChecks = (a: PropertySpec | undefined, b: PropertySpec | undefined): boolean =>
  sameProperty(checked(a) as PropertySpec | undefined, checked(b) as PropertySpec | undefined)
