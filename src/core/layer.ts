import type { PropertiesInput } from './types'

/**
 * Two property layers the quick merge below leaves to the engine: a getter or a proxy threw, or
 * a layer has an own `"__proto__"` key. The engine merges them with every read guarded when it
 * builds the envelope (`flatten` in merge.ts): those guards are not in the bytes every page loads.
 */
export class Layers {
  // declared, not defined: the fields cost no bytes beyond the constructor's assignments
  declare readonly outer: PropertiesInput
  declare readonly inner: PropertiesInput
  constructor(outer: PropertiesInput, inner: PropertiesInput) {
    this.outer = outer
    this.inner = inner
  }
}

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
 * own `"__proto__"` key, a cycle in both layers that runs out of stack) is left as `Layers`
 * for the engine, whose careful merge stops at 32 levels.
 */
export function mergeProperties(base: PropertiesInput, override: PropertiesInput): PropertiesInput {
  try {
    // an own "__proto__" key would become the prototype: the engine's careful merge keeps it data
    if (base instanceof Layers || override instanceof Layers || Object.hasOwn(base, '__proto__') || Object.hasOwn(override, '__proto__')) throw base
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
    return new Layers(base, override) as unknown as PropertiesInput
  }
}

/**
 * The one rule for layering properties — tracker → provider → scopes → call site, each layer
 * over the one before: inner wins key by key (see `mergeProperties`); a missing layer is skipped.
 */
export const layer = (outer: PropertiesInput | undefined, inner: PropertiesInput | undefined): PropertiesInput | undefined =>
  outer ? (inner ? mergeProperties(outer, inner) : outer) : inner
