import { isAboutName, type JsonValue, type Violation } from '../core/event'
import { isRecord } from '../plan/specShape'
import type { JsonObject } from './store/Store'

// The checker names a property by its path as messages write it (`address.city`, `items[0]`);
// the store keeps a JSON pointer (`/properties/address/city`, `/properties/items/0`). A key
// may itself hold "." or "[", so the path is read against the properties it was found in.

/**
 * The longest own key of `record` that `path` starts with, followed by its end, "." or "[":
 * the candidates are the path's prefixes at each separator, longest first (a look-up each,
 * however many keys the record has: a sender controls both).
 */
function keyAt(path: string, record: Record<string, unknown>): string | undefined {
  if (Object.hasOwn(record, path)) return path
  for (let end = path.length - 1; end > 0; end--) {
    const next = path.charAt(end)
    if ((next === '.' || next === '[') && Object.hasOwn(record, path.slice(0, end)))
      return path.slice(0, end)
  }
  return undefined
}

/**
 * A property path split into keys and array indexes, as found in `properties`. What is not
 * there (a missing property) is the rest of the path, one key.
 */
export function pathSegments(path: string, properties: unknown): string[] {
  const segments: string[] = []
  let rest = path
  let current: unknown = properties
  while (rest !== '') {
    const index = segments.length > 0 ? /^\[(\d+)\]/.exec(rest) : null
    if (index && Array.isArray(current)) {
      segments.push(index[1]!)
      current = current[Number(index[1])]
      rest = rest.slice(index[0].length)
      continue
    }
    if (segments.length > 0 && rest.startsWith('.')) rest = rest.slice(1)
    const key = isRecord(current) ? keyAt(rest, current) : undefined
    if (key === undefined) {
      segments.push(rest)
      break
    }
    segments.push(key)
    current =
      current !== null && typeof current === 'object' ? (current as JsonObject)[key] : undefined
    rest = rest.slice(key.length)
  }
  return segments
}

/** A JSON pointer's escaping of one segment (RFC 6901). */
const escapeSegment = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1')

/**
 * Where in the envelope a violation is, as a JSON pointer: `/properties/…` for a property,
 * `/event` for the name (unplanned, naming, near-duplicate), `` (the whole envelope) else.
 */
export function violationPointer(violation: Violation, properties: unknown): string {
  if (violation.property === undefined) return isAboutName(violation.kind) ? '/event' : ''
  return ['', 'properties', ...pathSegments(violation.property, properties)]
    .map(escapeSegment)
    .join('/')
}

/**
 * Deletes what `segments` point at from `value`, a copy of its own (array items are kept: an
 * index is a position, not a property the plan could disallow).
 */
function remove(value: JsonValue | undefined, segments: readonly string[]): void {
  let current = value
  for (const [depth, segment] of segments.entries()) {
    if (current === null || typeof current !== 'object') return
    if (Array.isArray(current)) {
      current = current[Number(segment)]
      continue
    }
    if (!Object.hasOwn(current, segment)) return
    if (depth === segments.length - 1) delete current[segment]
    else current = current[segment]
  }
}

/** The envelope without the properties these `unexpected` violations name (mode `strip`). */
export function stripUnexpected(
  envelope: JsonObject,
  unexpected: readonly Violation[],
): JsonObject {
  const { properties } = envelope
  if (unexpected.length === 0 || !isRecord(properties)) return envelope
  // one copy, then deletions in place: copying per stripped key costs keys × violations.
  // JSON.parse keeps a key named `__proto__` an own key, as the envelope (read from JSON) has it
  const stripped = JSON.parse(JSON.stringify(properties)) as JsonObject
  for (const violation of unexpected)
    if (violation.property !== undefined)
      remove(stripped, pathSegments(violation.property, properties))
  return { ...envelope, properties: stripped }
}
