import { warnOnce } from './env'
import type { PropertiesInput } from './types'

// The one rule for layering properties — tracker → provider → scopes → call site, each layer
// over the one before — and the plain-data helpers the sanitizer shares with it.

declare const layered: unique symbol

/**
 * Properties that went through `layerProperties`: one object, inner layers over outer ones.
 * Only this module makes them; they are accepted wherever a `PropertiesInput` is.
 */
export type LayeredProperties = PropertiesInput & { readonly [layered]: true }

/**
 * Deeper values become `"[Truncated]"`, and deeper objects stop merging: no input may exhaust
 * the stack.
 */
export const MAX_DEPTH = 32

/** What a value that cannot be read (a throwing getter, a revoked proxy) is sent as. */
export const UNREADABLE = '[Unreadable]'

class Unreadable {
  toJSON(): string {
    return UNREADABLE
  }
}

/**
 * Left by the merge where a value could not be read, so that the sanitizer reports its path.
 * Not a plain object: it never merges with what a layer puts under or over it.
 */
export const UNREADABLE_VALUE: object = /* @__PURE__ */ Object.freeze(new Unreadable())

/**
 * Merges that left out a layer which could not list its keys (a revoked proxy): the sanitizer
 * reports the merge's path as unreadable, as it does for such a value not merged.
 */
export const PARTLY_READ = /* @__PURE__ */ new WeakSet<object>()

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Sets a key as plain data: an own `"__proto__"` key (from `JSON.parse`) must never set a
 * prototype.
 */
export const setData = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  else target[key] = value
}

/** Development only: properties that are not an object are ignored, and the app is told once. */
export function warnNotAnObject(value: unknown): void {
  if (process.env.NODE_ENV !== 'production')
    warnOnce(
      `properties must be an object, got ${Array.isArray(value) ? 'an array' : typeof value}; they were ignored.`,
    )
}

/** Whether `value` can be a layer: an object that is not an array. */
function isLayer(value: unknown): value is PropertiesInput {
  if (typeof value !== 'object' || value === null) return false
  try {
    return !Array.isArray(value)
  } catch {
    return true // a revoked proxy: the merge cannot list its keys either, and skips it
  }
}

/** Whether `over` merges into `under`: both plain objects, above the depth cap. */
function merges(under: unknown, over: unknown, depth: number): boolean {
  try {
    return depth + 1 < MAX_DEPTH && isPlainObject(under) && isPlainObject(over)
  } catch {
    return false // a proxy that cannot say its prototype: it replaces, and the sanitizer marks it
  }
}

/**
 * The pairs one `layerProperties` call has merged, each to its one output object: a pair met
 * again (an object shared by many keys, or a cycle) is that same object, so no input makes
 * the merge grow faster than the objects it holds, and two cycles merge into one cycle.
 */
interface Merged {
  /** Made on the first nested merge: most calls merge flat properties and need none. */
  pairs?: WeakMap<object, WeakMap<object, Record<string, unknown>>>
}

/** Merges `over` into `under`, both plain objects; each pair once per call. */
function mergePair(under: object, over: object, depth: number, merged: Merged): unknown {
  const pairs = (merged.pairs ??= new WeakMap())
  let withUnder = pairs.get(under)
  if (!withUnder) pairs.set(under, (withUnder = new WeakMap()))
  const known = withUnder.get(over)
  if (known) return known
  const out: Record<string, unknown> = {}
  withUnder.set(over, out)
  return mergeInto(out, [under as PropertiesInput, over as PropertiesInput], depth + 1, merged)
}

/**
 * The merge: every layer's keys in turn, each value over the one before; writes are plain data.
 * A layer that cannot list its keys (a proxy) adds none, and the merge is marked `PARTLY_READ`;
 * a value that cannot be read is left as the unreadable marker.
 */
function mergeInto(
  out: Record<string, unknown>,
  layers: readonly PropertiesInput[],
  depth: number,
  merged: Merged,
): Record<string, unknown> {
  for (const layer of layers) {
    let keys: string[] = []
    try {
      keys = Object.keys(layer)
      // a merge that left one out, layered again (a provider's, then the tracker's)
      if (PARTLY_READ.has(layer)) PARTLY_READ.add(out)
    } catch {
      PARTLY_READ.add(out)
    }
    for (const key of keys) {
      let value: unknown
      try {
        value = layer[key]
      } catch {
        value = UNREADABLE_VALUE
      }
      const under = Object.hasOwn(out, key) ? out[key] : undefined
      const next = merges(under, value, depth)
        ? mergePair(under as object, value as object, depth, merged)
        : value
      setData(out, key, next)
    }
  }
  return out
}

/**
 * Layers properties, outer first: each layer over the ones before it, key by key; plain
 * objects merge the same way, inner winning; arrays and everything else replace, never
 * concatenate. Missing layers (`undefined`, `null`) are skipped; a single layer is returned
 * as it is. Never throws: a value that cannot be read (a getter or a proxy threw) is left as
 * an `"[Unreadable]"` marker the sanitizer reports, an own `"__proto__"` key stays data, and
 * objects deeper than 32 levels replace instead of merging.
 *
 * @example
 * layerProperties({ app: 'web', cart: { id: 1 } }, { cart: { total: 9 } })
 * // → { app: 'web', cart: { id: 1, total: 9 } }
 */
export function layerProperties(
  ...layers: (PropertiesInput | null | undefined)[]
): LayeredProperties | undefined {
  return layerList(layers)
}

/** `layerProperties` over a list the caller made (React's scopes): no copy of it is made. */
export function layerList(
  layers: readonly (PropertiesInput | null | undefined)[],
): LayeredProperties | undefined {
  let only: PropertiesInput | undefined
  let present = 0
  for (const layer of layers) {
    if (layer === undefined || layer === null) continue
    present++
    only = layer
  }
  if (present <= 1) return only as LayeredProperties | undefined
  const objects: PropertiesInput[] = []
  for (const layer of layers) {
    if (layer === undefined || layer === null) continue
    if (isLayer(layer)) objects.push(layer)
    else warnNotAnObject(layer)
  }
  return mergeInto({}, objects, 0, {}) as LayeredProperties
}
