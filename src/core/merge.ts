import { Layers } from './layer'
import type { PropertiesInput } from './types'

/** Merging property layers (the engine's, and devtools'), with the plain-data helpers it shares with the sanitizer. */

/** Deeper values become `"[Truncated]"`: no input may exhaust the stack. */
export const MAX_DEPTH = 32

/** What a value that cannot be read (a throwing getter, a revoked proxy) is sent as. */
export const UNREADABLE = '[Unreadable]'

/** Left by `mergeProperties` where a value could not be read, so that `sanitizeProperties` reports its path. */
export const UNREADABLE_VALUE: object = Object.freeze({ toJSON: () => UNREADABLE })

export const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)

export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Sets a key as plain data: an own `"__proto__"` key (from `JSON.parse`) must never set a prototype. */
export const setData = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/**
 * Merges property layers: plain objects merge key by key, inner wins; arrays and everything
 * else replace. Never throws: a value that cannot be read is marked for `sanitizeProperties`
 * to report, merging stops at 32 levels, and an own `"__proto__"` key stays data.
 */
export function mergeProperties(base: PropertiesInput, override: PropertiesInput, depth = 0): PropertiesInput {
  try {
    // Object.assign first, then fix up nested objects: adding keys one by one to a spread
    // copy is ~25× slower in V8
    // an own "__proto__" key would become the prototype: the careful path keeps it data
    if (hasOwn(base, '__proto__') || hasOwn(override, '__proto__')) return carefulMerge(base, override, depth)
    const out: Record<string, unknown> = Object.assign({}, base, override)
    if (depth < MAX_DEPTH) {
      for (const key in override) {
        const next = override[key]
        if (next === null || typeof next !== 'object') continue
        const prev = base[key]
        if (isPlainObject(prev) && isPlainObject(next)) out[key] = mergeProperties(prev, next, depth + 1)
      }
    }
    return out
  } catch {
    return carefulMerge(base, override, depth)
  }
}

/**
 * The one rule for layering properties — tracker → provider → scopes → call site, each layer
 * over the one before: inner wins key by key (see `mergeProperties`); a missing layer is skipped.
 */
export function layerProperties(outer: PropertiesInput | undefined, inner: PropertiesInput | undefined): PropertiesInput | undefined {
  const under = flatten(outer)
  const over = flatten(inner)
  return under ? (over ? mergeProperties(under, over) : under) : over
}

/** Properties as one object: the layers the React scopes put together (`Layers`), merged now. */
export const flatten = (input: PropertiesInput | undefined): PropertiesInput | undefined =>
  input instanceof Layers ? layerProperties(input.outer, input.inner) : input

/** The merge for input that throws or carries `"__proto__"`: every read guarded, every write plain data. */
function carefulMerge(base: PropertiesInput, override: PropertiesInput, depth: number): PropertiesInput {
  const out: Record<string, unknown> = {}
  for (const layer of [base, override]) {
    let keys: string[]
    try {
      keys = Object.keys(layer)
    } catch {
      continue
    }
    for (const key of keys) {
      let value: unknown
      try {
        value = (layer as Record<string, unknown>)[key]
      } catch {
        value = UNREADABLE_VALUE
      }
      const prev = hasOwn(out, key) ? out[key] : undefined
      let merged = value
      try {
        if (depth < MAX_DEPTH && isPlainObject(prev) && isPlainObject(value)) merged = mergeProperties(prev, value, depth + 1)
      } catch {
        // a proxy that cannot say its prototype: it replaces, and sanitizing marks it
      }
      setData(out, key, merged)
    }
  }
  return out
}
