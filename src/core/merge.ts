import { isPlainObject, layer, layersOf, MAX_DEPTH, mergeProperties } from './layer'
import type { PropertiesInput } from './types'

// The engine's side of layering properties: the layers React's scopes hand over and the
// ones the quick merge (layer.ts) left (`Layers`) merged — quickly where it can, with every
// read guarded where it cannot — and the plain-data helpers the sanitizer shares.

export { isPlainObject, MAX_DEPTH, mergeProperties }

/** What a value that cannot be read (a throwing getter, a revoked proxy) is sent as. */
export const UNREADABLE = '[Unreadable]'

/** Left by the careful merge where a value could not be read, so that `sanitizeProperties` reports its path. */
export const UNREADABLE_VALUE: object = /* @__PURE__ */ Object.freeze({ toJSON: () => UNREADABLE })

export const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key)

/** Sets a key as plain data: an own `"__proto__"` key (from `JSON.parse`) must never set a prototype. */
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

/** Properties as one object: layers the quick merge left, merged carefully now. Never throws. */
export function flatten(input: PropertiesInput | undefined): PropertiesInput | undefined {
  let layers: ReturnType<typeof layersOf>
  try {
    layers = layersOf(input)
  } catch {
    return input // a proxy whose trap throws: the sanitizer marks it
  }
  if (!layers) return input
  const outer = flatten(layers[0])!
  const inner = flatten(layers[1])!
  // the quick merge first; what it cannot merge (it leaves layers again) is merged carefully
  const quick = mergeProperties(outer, inner)
  return layersOf(quick) ? carefulMerge(outer, inner) : quick
}

/**
 * The one rule for layering properties — tracker → provider → scopes → call site, each layer
 * over the one before: inner wins key by key (see `mergeProperties`); a missing layer is
 * skipped. What the quick merge cannot merge is merged carefully.
 */
export const layerProperties = (
  outer: PropertiesInput | undefined,
  inner: PropertiesInput | undefined,
): PropertiesInput | undefined => flatten(layer(flatten(outer), flatten(inner)))

/** The merge for input that throws or carries `"__proto__"`: every read guarded, every write plain data. */
function carefulMerge(
  base: PropertiesInput | undefined,
  override: PropertiesInput | undefined,
  depth = 0,
): PropertiesInput {
  const out: Record<string, unknown> = {}
  for (const layer of [base, override]) {
    let keys: string[]
    try {
      keys = Object.keys(layer ?? {})
    } catch {
      continue
    }
    for (const key of keys) {
      let value: unknown
      try {
        // a nested layer the quick merge left is merged first, so that it merges with this one
        value = flatten((layer as Record<string, PropertiesInput>)[key])
      } catch {
        value = UNREADABLE_VALUE
      }
      const prev = hasOwn(out, key) ? out[key] : undefined
      let merged = value
      try {
        if (depth < MAX_DEPTH && isPlainObject(prev) && isPlainObject(value))
          merged = carefulMerge(prev, value, depth + 1)
      } catch {
        // a proxy that cannot say its prototype: it replaces, and sanitizing marks it
      }
      setData(out, key, merged)
    }
  }
  return out
}
