import type { JsonValue } from '../core/event'

// What a parsed envelope must be before anything recursive touches it: JSON.parse takes a
// million levels of nesting, JSON.stringify and a database do not; and text a database cannot
// keep (Postgres refuses \u0000 and lone surrogates in jsonb) is repaired, as UTF-8 would.

/** Deepest nesting an envelope may have: an event's properties are a few levels deep. */
export const MAX_DEPTH = 32

/** A NUL, or a surrogate without its pair. */
// eslint-disable-next-line no-control-regex -- NUL is what Postgres refuses
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g')

/** Each level of a JSON value in turn, breadth-first, without recursion; stops when `visit` says so. */
function walk(value: unknown, visit: (item: unknown, depth: number) => boolean): void {
  let level: unknown[] = [value]
  for (let depth = 0; level.length > 0; depth++) {
    const next: unknown[] = []
    for (const item of level) {
      if (visit(item, depth)) return
      if (Array.isArray(item)) {
        // one at a time: spreading half a million items overflows the call stack
        for (const child of item) next.push(child)
      } else if (item !== null && typeof item === 'object')
        for (const key of Object.keys(item)) next.push((item as Record<string, unknown>)[key])
    }
    level = next
  }
}

/** Nested deeper than MAX_DEPTH (the walk stops there). */
export function tooDeep(value: unknown): boolean {
  let deep = false
  walk(value, (_item, depth) => (deep = depth > MAX_DEPTH))
  return deep
}

/**
 * Some key or string holds a NUL or a lone surrogate. `json` is the value's JSON: without a
 * `\u` escape in it (JSON.stringify writes both as one), the walk is skipped.
 */
export function unstorable(value: unknown, json: string): boolean {
  if (!json.includes('\\u')) return false
  let found = false
  walk(value, (item) => {
    if (typeof item === 'string') found = UNSTORABLE.test(item)
    else if (item !== null && typeof item === 'object' && !Array.isArray(item))
      found = Object.keys(item).some((key) => UNSTORABLE.test(key))
    return found
  })
  return found
}

/** Text with each NUL and lone surrogate replaced by U+FFFD. */
const storable = (text: string): string => text.replace(UNSTORABLE_ALL, '\ufffd')

/**
 * A copy with every key and string storable (call it only on a value not `tooDeep`). Keys become own data properties, `__proto__` included.
 */
export function repaired(value: JsonValue): JsonValue {
  if (typeof value === 'string') return storable(value)
  if (Array.isArray(value)) return value.map(repaired)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value).map((key) => [storable(key), repaired(value[key] as JsonValue)]),
    )
  return value
}
