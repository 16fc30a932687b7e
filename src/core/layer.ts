import type { PropertiesInput } from './types'

/** The key that marks two property layers: no property name holds a NUL by chance. */
export const LAYERS = '\0layers'

/**
 * Two property layers, outer and inner, merged by the engine when it builds the envelope
 * (`flatten` in merge.ts): React's scopes hand their layers over this way, so that no merge is
 * in the bytes every page loads; the quick merge below leaves what it cannot merge this way too
 * (a getter or a proxy threw, an own `"__proto__"` key), for the merge with every read guarded.
 * A plain object, so that a call kept for the next page (leftCalls.ts) keeps its layers in JSON.
 */
export interface Layers {
  readonly '\0layers': readonly [outer: PropertiesInput, inner: PropertiesInput]
}

// the key written out, not `[LAYERS]`: V8 makes a literal with a computed key by a runtime call
export const layered = (outer: PropertiesInput, inner: PropertiesInput): PropertiesInput =>
  ({ '\0layers': [outer, inner] }) as Layers as unknown as PropertiesInput

/** The two layers `value` holds, if it is layers. May throw (a proxy's trap). */
export const layersOf = (value: unknown): Layers[typeof LAYERS] | undefined =>
  (value as Partial<Layers> | null | undefined)?.[LAYERS]

/** Deeper values become `"[Truncated]"`: no input may exhaust the stack. */
export const MAX_DEPTH = 32

export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Merges property layers: plain objects merge key by key, inner wins; arrays and everything
 * else replace. Never throws: input it cannot merge plainly (a value that cannot be read, an
 * own `"__proto__"` key, a cycle in both layers that runs out of stack) is left as layers
 * for the engine, whose careful merge stops at 32 levels.
 */
export function mergeProperties(base: PropertiesInput, override: PropertiesInput): PropertiesInput {
  try {
    // an own "__proto__" key would become the prototype: the engine's careful merge keeps it data
    if (
      layersOf(base) ||
      layersOf(override) ||
      Object.hasOwn(base, '__proto__') ||
      Object.hasOwn(override, '__proto__')
    )
      throw base
    // Object.assign first, then fix up nested objects: adding keys one by one to a spread
    // copy is ~25× slower in V8
    const out: Record<string, unknown> = Object.assign({}, base, override)
    for (const key in override) {
      const next = override[key]
      if (next === null || typeof next !== 'object') continue
      const prev = base[key]
      if (isPlainObject(prev) && isPlainObject(next)) out[key] = mergeProperties(prev, next)
    }
    return out
  } catch {
    return layered(base, override)
  }
}

/**
 * The one rule for layering properties — tracker → provider → scopes → call site, each layer
 * over the one before: inner wins key by key (see `mergeProperties`); a missing layer is skipped.
 */
export const layer = (
  outer: PropertiesInput | undefined,
  inner: PropertiesInput | undefined,
): PropertiesInput | undefined => (outer ? (inner ? mergeProperties(outer, inner) : outer) : inner)
