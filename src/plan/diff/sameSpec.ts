import type { StandardSchemaV1 } from '@standard-schema/spec'
import { isSchema } from '../isSchema'
import { isRecord } from '../specShape'
import type { PropertySpec } from '../types'
import { PROBES } from './samples'

/**
 * Whether two values are the same by what they hold, not by identity: the same plan
 * file loaded twice (`diff --base` against an unchanged file) gives equal specs, Standard
 * Schemas included. Functions (a Standard Schema's `validate`, a refinement) are compared by
 * their source; keys in any order.
 */
export function sameSpec(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (Object.is(a, b)) return true
  if (typeof a === 'function' && typeof b === 'function') return String(a) === String(b)
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false
  if (seen.get(a) === b) return true
  seen.set(a, b)
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    // two loads of one module build objects of two copies of a class: compare by shape
    const nameOf = (o: object) =>
      (Object.getPrototypeOf(o) as { constructor?: { name?: string } } | null)?.constructor?.name
    if (nameOf(a) !== nameOf(b)) return false
  }
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b)
  const keysA = Reflect.ownKeys(a)
  const keysB = Reflect.ownKeys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every(
    (key) =>
      Object.prototype.propertyIsEnumerable.call(b, key) ===
        Object.prototype.propertyIsEnumerable.call(a, key) &&
      Reflect.ownKeys(b).includes(key) &&
      sameSpec(
        (a as Record<PropertyKey, unknown>)[key],
        (b as Record<PropertyKey, unknown>)[key],
        seen,
      ),
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
