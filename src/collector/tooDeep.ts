// How deep a parsed envelope is, found before anything recursive touches it: JSON.parse takes
// a million levels of nesting, JSON.stringify and a database do not.

/** Deepest nesting an envelope may have: an event's properties are a few levels deep. */
export const MAX_DEPTH = 32

/** Nested deeper than MAX_DEPTH: walked a level at a time, without recursion, stopping there. */
export function tooDeep(value: unknown): boolean {
  let level: unknown[] = [value]
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_DEPTH) return true
    const next: unknown[] = []
    for (const item of level) {
      if (Array.isArray(item)) {
        // one at a time: spreading half a million items overflows the call stack
        for (const child of item) next.push(child)
      } else if (item !== null && typeof item === 'object')
        for (const key of Object.keys(item)) next.push((item as Record<string, unknown>)[key])
    }
    level = next
  }
  return false
}
