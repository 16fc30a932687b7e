import { utf8Bytes } from './utf8'
import { warnOnce } from './env'
import {
  MAX_DEPTH,
  PARTLY_READ,
  setData,
  UNREADABLE,
  UNREADABLE_VALUE,
  warnNotAnObject,
} from './properties'
import type { JsonValue, Properties, PropertiesInput } from './types'

const isDomNode = (value: object): boolean =>
  typeof (value as { nodeType?: unknown }).nodeType === 'number' &&
  typeof (value as { nodeName?: unknown }).nodeName === 'string'

const isEventLike = (value: object): boolean =>
  (typeof (value as { isDefaultPrevented?: unknown }).isDefaultPrevented === 'function' &&
    'nativeEvent' in value) ||
  (typeof Event !== 'undefined' && value instanceof Event) ||
  (typeof window !== 'undefined' && value === window)

/**
 * The walk's state: a running estimate of the serialized size (it never undercounts ASCII;
 * the tracker measures exactly when it comes close), the objects being walked (cycles), the
 * path to the value being walked, and the paths of values that could not be read.
 */
interface Walk {
  size: number
  stack: object[]
  path: (string | number)[]
  unreadable: string[] | undefined
}

const showPath = (path: readonly (string | number)[]): string =>
  path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  ) || '(the properties)'

function markUnreadable(walk: Walk): JsonValue {
  ;(walk.unreadable ??= []).push(showPath(walk.path))
  walk.size += UNREADABLE.length + 2
  return UNREADABLE
}

/** A value that is not an object, made JSON-safe, its size counted; `undefined` for what JSON leaves out. */
function cleanScalar(value: unknown, count: { size: number }): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
      count.size += value.length + 2
      return value
    case 'number':
      count.size += 24
      return Number.isFinite(value) ? value : null
    case 'boolean':
      count.size += 5
      return value
    case 'bigint': {
      const text = value.toString()
      count.size += text.length + 2
      return text
    }
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined
  }
  count.size += 4
  return null
}

/**
 * A value cleaned as JSON.stringify serializes it; `asIs`: a toJSON's result, whose own toJSON
 * is not called again.
 */
function clean(
  value: unknown,
  walk: Walk,
  key: string,
  depth: number,
  asIs = false,
): JsonValue | undefined {
  if (value === null || typeof value !== 'object') return cleanScalar(value, walk)
  const object = value as object
  if (object === UNREADABLE_VALUE) return markUnreadable(walk)
  if (walk.stack.includes(object)) {
    walk.size += 12
    return '[Circular]'
  }
  if (depth >= MAX_DEPTH) {
    walk.size += 13
    return '[Truncated]'
  }
  walk.stack.push(object)
  try {
    return cleanObject(object, walk, key, depth, asIs)
  } catch {
    // a proxy that cannot even say what it is, or list its keys: the value is marked, the rest kept
    return markUnreadable(walk)
  } finally {
    walk.stack.pop()
  }
}

/**
 * One child value, read and cleaned under its own path; a getter that throws marks only that
 * value.
 */
function child(
  walk: Walk,
  key: string | number,
  read: () => unknown,
  name: string,
  depth: number,
): JsonValue | undefined {
  walk.path.push(key)
  try {
    let value: unknown
    try {
      value = read()
    } catch {
      return markUnreadable(walk)
    }
    return clean(value, walk, name, depth + 1)
  } finally {
    walk.path.pop()
  }
}

function cleanObject(
  object: object,
  walk: Walk,
  key: string,
  depth: number,
  asIs: boolean,
): JsonValue | undefined {
  if (object instanceof Date) {
    walk.size += 26
    return Number.isNaN(object.getTime()) ? null : object.toISOString()
  }
  if (isDomNode(object) || isEventLike(object)) {
    if (process.env.NODE_ENV !== 'production')
      warnOnce(
        `property "${key}" holds a DOM node or an event, which cannot be sent; it was dropped. Pass the values you need (an id, a name) instead.`,
      )
    return undefined
  }
  if (Array.isArray(object) || object instanceof Set) {
    const items = Array.isArray(object) ? object : [...object]
    const length = items.length
    const out: JsonValue[] = []
    for (let i = 0; i < length; i++) {
      // like JSON.stringify, holes keep their index as null so positions stay meaningful
      const cleaned = child(walk, i, () => items[i], key, depth)
      out.push(cleaned === undefined ? null : cleaned)
      walk.size += 1
    }
    walk.size += 2
    return out
  }
  const out: Record<string, JsonValue> = {}
  if (object instanceof Map) {
    for (const [k, v] of object) {
      const name = String(k)
      const cleaned = child(walk, name, () => v, name, depth)
      if (cleaned !== undefined) {
        setData(out, name, cleaned)
        walk.size += name.length + 4
      }
    }
    walk.size += 2
    return out
  }
  if (object instanceof Error) {
    const error = { name: String(object.name), message: String(object.message) }
    walk.size += error.name.length + error.message.length + 24
    return error
  }
  // a merge that left out a layer it could not read: reported, what it could read kept
  if (PARTLY_READ.has(object)) markUnreadable(walk)
  // as JSON.stringify: toJSON once, its result serialized as it is (`return this`: by its keys)
  const toJSON = asIs ? undefined : (object as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') {
    const result: unknown = toJSON.call(object, key)
    if (result !== object) return clean(result, walk, key, depth + 1, true)
  }
  for (const name of Object.keys(object)) {
    const cleaned = child(walk, name, () => (object as Record<string, unknown>)[name], name, depth)
    if (cleaned !== undefined) {
      setData(out, name, cleaned)
      walk.size += name.length + 4
    }
  }
  walk.size += 2
  return out
}

/**
 * The common case, cheaply: a plain object whose values are strings, finite numbers, booleans
 * and nulls is copied as it is (`undefined`, functions and symbols left out, as the walk
 * does). Anything else — nesting, Dates, an own `"__proto__"` or `toJSON` — returns
 * `undefined` for the careful walk.
 */
function flatCopy(input: PropertiesInput): Sanitized | undefined {
  const proto = Object.getPrototypeOf(input)
  if ((proto !== Object.prototype && proto !== null) || PARTLY_READ.has(input)) return undefined
  const count = { size: 2 }
  const value: Properties = {}
  for (const key of Object.keys(input)) {
    const item = input[key]
    if ((typeof item === 'object' && item !== null) || key === '__proto__' || key === 'toJSON')
      return undefined
    const cleaned = cleanScalar(item, count)
    if (cleaned !== undefined) {
      value[key] = cleaned
      count.size += key.length + 4
    }
  }
  return { value, size: count.size }
}

/**
 * What `sanitizeProperties` returns: the clean properties, a size estimate, and the paths it
 * could not read.
 */
export interface Sanitized {
  value: Properties
  /** An estimate of the JSON size in bytes: exact for ASCII, at most 6× under for other text. */
  size: number
  /** Paths (`cart.items[1].sku`) of values that could not be read, sent as `"[Unreadable]"`. */
  unreadable?: string[]
}

/**
 * Makes properties JSON-safe without throwing: `undefined`, functions and symbols are
 * dropped; `NaN`/`Infinity` become `null`; a `Date` becomes its ISO string, a `BigInt` a
 * string, a `Map` an object, a `Set` an array, an `Error` `{ name, message }`; circular
 * references become `"[Circular]"`, values deeper than 32 levels `"[Truncated]"`, values that
 * cannot be read (throwing getters, revoked proxies) `"[Unreadable]"`; DOM nodes and events
 * are dropped with a dev warning. An own `"__proto__"` key stays plain data.
 */
export function sanitizeProperties(input: PropertiesInput | null | undefined): Sanitized {
  if (input === null || input === undefined) return { value: {}, size: 2 }
  try {
    const flat = flatCopy(input)
    if (flat) return flat
  } catch {
    // a getter or a proxy that throws: the careful walk below marks it
  }
  const walk: Walk = { size: 2, stack: [], path: [], unreadable: undefined }
  let cleaned: JsonValue | undefined
  try {
    if (typeof input !== 'object' || Array.isArray(input)) {
      warnNotAnObject(input)
      return { value: {}, size: 2 }
    }
    cleaned = clean(input, walk, '', 0)
  } catch {
    cleaned = markUnreadable(walk)
  }
  const value =
    cleaned !== null && typeof cleaned === 'object' && !Array.isArray(cleaned) ? cleaned : {}
  return walk.unreadable
    ? { value, size: walk.size, unreadable: walk.unreadable }
    : { value, size: walk.size }
}

/** The exact UTF-8 size of a value's JSON. */
export const jsonBytes = (value: unknown): number => utf8Bytes(JSON.stringify(value))
