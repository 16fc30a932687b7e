import { isAboutName, type JsonValue, type Violation } from '../core/event'
import { isRecord } from '../plan/specShape'
import type { JsonObject } from './store/Store'

// The checker names a property by its path as messages write it (`address.city`, `items[0]`);
// the store keeps a JSON pointer (`/properties/address/city`, `/properties/items/0`). A key
// may itself hold "." or "[", so the path is read against the properties it was found in.

/** The longest own key of `record` that `path` starts with, followed by its end, "." or "[". */
function keyAt(path: string, record: Record<string, unknown>): string | undefined {
  let found: string | undefined
  for (const key of Object.keys(record)) {
    if (found !== undefined && key.length <= found.length) continue
    const next = path.charAt(key.length)
    if ((next === '' || next === '.' || next === '[') && path.startsWith(key)) found = key
  }
  return found
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

/** `value` without what `segments` point at: copies along the path, the rest shared. */
function without(value: JsonValue | undefined, segments: readonly string[]): JsonValue | undefined {
  const [head, ...tail] = segments
  if (head === undefined || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    const index = Number(head)
    if (!Number.isInteger(index) || index < 0 || index >= value.length) return value
    if (tail.length === 0) return value
    return value.map((item, i) => (i === index ? (without(item, tail) ?? null) : item))
  }
  if (!Object.hasOwn(value, head)) return value
  // fromEntries: a key named `__proto__` stays an own key
  return Object.fromEntries(
    Object.keys(value).flatMap((key): [string, JsonValue][] => {
      if (key !== head) return [[key, value[key]!]]
      return tail.length === 0 ? [] : [[key, without(value[key], tail) ?? null]]
    }),
  )
}

/** The envelope without the properties these `unexpected` violations name (mode `strip`). */
export function stripUnexpected(
  envelope: JsonObject,
  unexpected: readonly Violation[],
): JsonObject {
  let properties = envelope.properties
  for (const violation of unexpected)
    if (violation.property !== undefined)
      properties = without(properties, pathSegments(violation.property, properties))
  return { ...envelope, properties: properties ?? {} }
}
