// How deep a parsed envelope is, found before anything recursive touches it: JSON.parse takes
// a million levels of nesting, JSON.stringify and a database do not.

import { MAX_DEPTH } from '../core/properties'

/**
 * Deepest an envelope's fields may nest, counted inside them as the tracker counts inside an
 * event's properties: whatever the tracker builds is taken.
 */
export const MAX_FIELD_DEPTH = MAX_DEPTH

/**
 * Nested deeper than MAX_FIELD_DEPTH below the envelope: walked a level at a time, without
 * recursion, stopping there.
 */
export function tooDeep(value: unknown): boolean {
  let level: unknown[] = [value]
  // the envelope is level 0, its fields level 1: where the tracker counts from 0
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_FIELD_DEPTH + 1) return true
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
