import type { JsonValue } from '../../core/event'
import { bound, pastIntLimits } from './bounds'
import type { Schema } from './Schema'
import { num, strings } from './stringSamples'
import { withOldRequired } from './withOldRequired'
import { isRecord as isObject } from '../specShape'

// Values worth trying against two versions of a property: each bound's edge and its
// neighbours, each enum value, each type, each tuple position, each record value, an
// object with and without each optional key. A witness search filters them through the
// real checkers, so a sample only has to be likely to sit on a difference, not valid.

/**
 * How many samples one schema gives at most, and how many of a child's go into its parent (a
 * change eight objects down is still found); how deep samples are built at all.
 */
const MOST = 160
const FROM_CHILD = 12
/**
 * How many of its items' samples a list keeps: an item's samples go key by key (position by
 * position), so a change at an object's third key or a tuple's second position is found only
 * past the first twelve.
 */
const FROM_ITEMS = 48
/** Where an object's first sample with an extra key goes: see `objects`. */
const EXTRA_KEY_AT = 5
const DEEPEST = 32

type JsonObject = { [key: string]: JsonValue }

const ANY: readonly JsonValue[] = [null, true, false, 0, 1, -1, 0.5, 1e9, '', 'a', 'text', [], {}]

/**
 * One value of each JSON kind: a key an object did not list took any value, so a schema given
 * to it later may reject what an older app version sends there.
 */
const EACH_KIND: readonly JsonValue[] = [0, 'a', true, null, [], {}]

/** Values of every kind, to compare two schemas that cannot be compared by what they hold. */
export const PROBES: readonly JsonValue[] = [...ANY, 'A-1', ['a', 1], { a: 1 }]

/**
 * Values a schema may take beyond what its JSON Schema says: of every kind (`.catch()` takes
 * anything), and numbers and booleans as strings (`z.coerce` takes those).
 */
export const BEYOND: readonly JsonValue[] = [...PROBES, '0', '1', '-1', '2.5', 'true', 'false']

/** Each value once, by its JSON text, at most `most` of them. */
function distinct(values: readonly JsonValue[], most = MOST): JsonValue[] {
  const seen = new Set<string>()
  const out: JsonValue[] = []
  for (const value of values) {
    const key = JSON.stringify(value)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(value)
    if (out.length >= most) break
  }
  return out
}

function numbers(schema: Schema): JsonValue[] {
  // the safe-integer limits zod puts on every `.int()` are no edge
  const bounds = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].map(
    (keyword) => bound(schema[keyword]),
  )
  const edges = bounds.filter((n): n is number => n !== undefined)
  const near = edges.flatMap((n) => [n, n + 1, n - 1, n + 0.5, n - 0.5, n + 1e-6, n - 1e-6, 2 * n])
  near.push(...pastIntLimits(schema))
  // the likeliest valid first: inside both bounds
  const [minimum, maximum, exclusiveMinimum, exclusiveMaximum] = bounds
  const lo = minimum ?? exclusiveMinimum
  const hi = maximum ?? exclusiveMaximum
  const inside =
    lo !== undefined && hi !== undefined
      ? (lo + hi) / 2
      : lo !== undefined
        ? lo + 1
        : hi !== undefined
          ? hi - 1
          : 0
  // then the bounds themselves: a parent keeps only a child's first few, and a bound made
  // exclusive rejects nothing but its edge
  return [
    Math.floor(inside),
    Math.ceil(inside),
    inside,
    ...edges,
    0,
    1,
    -1,
    2,
    10,
    100,
    0.5,
    -0.5,
    2.5,
    1e6,
    -1e6,
    ...near,
  ]
}

/** Arrays: empty, one of each item sample, and the lengths at the bounds; tuples position by position. */
function arrays(schema: Schema, depth: number): JsonValue[] {
  const tuple = Array.isArray(schema.items)
    ? (schema.items as unknown[])
    : Array.isArray(schema.prefixItems)
      ? (schema.prefixItems as unknown[])
      : undefined
  const rest = tuple
    ? Array.isArray(schema.items)
      ? schema.additionalItems
      : schema.items
    : schema.items
  const restSamples = samplesAt(rest, depth + 1).slice(0, FROM_ITEMS)
  const one = restSamples[0] ?? 'a'
  const fewest = num(schema.minItems) ?? 0
  // the likeliest valid first: as few items as allowed
  const out: JsonValue[] = fewest > 0 && fewest < 1000 && !tuple ? [Array(fewest).fill(one)] : []
  if (tuple) {
    const positions = tuple.map((item) => samplesAt(item, depth + 1).slice(0, FROM_CHILD))
    const first = positions.map((samples) => samples[0] ?? null)
    out.push(first, first.slice(0, -1))
    positions.forEach((samples, i) => {
      for (const s of samples) out.push(first.map((v, j) => (j === i ? s : v)))
    })
    for (const s of restSamples) out.push([...first, s])
  }
  out.push([])
  if (!tuple) {
    // the lengths at the bounds before the items, which a parent may cut off
    for (const n of [num(schema.minItems), num(schema.maxItems)])
      if (n !== undefined && n < 1000) for (const k of [n, n + 1]) out.push(Array(k).fill(one))
    for (const s of restSamples) out.push([s])
    if (restSamples.length > 1) out.push(restSamples.slice(0, 3))
  }
  return out
}

/** The first of each list, then the second of each, …: every kind of sample early. */
function inTurns(lists: readonly (readonly JsonValue[])[]): JsonValue[] {
  const out: JsonValue[] = []
  for (let i = 0; lists.some((samples) => i < samples.length); i++)
    for (const samples of lists) if (i < samples.length) out.push(samples[i]!)
  return out
}

/** A key set as data (`__proto__` too), not as the object's prototype. */
export const set = (object: JsonObject, key: string, value: JsonValue): JsonObject =>
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })

/**
 * Objects: the required keys filled, then each key with each of its samples and then a value of
 * each kind (an object that newly types a key it took as anything), each required key missing,
 * or extra keys. A parent keeps a child's first few samples: each key's first one is among
 * them, then one with an extra key (a nested object newly closed needs it), then the first
 * key's next ones (a change deeper down needs those).
 */
function objects(schema: Schema, depth: number): JsonValue[] {
  const listed = isObject(schema.properties) ? (schema.properties as Record<string, unknown>) : {}
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  const byKey = new Map(
    Object.entries(listed).map(([key, child]) => [
      key,
      samplesAt(child, depth + 1).slice(0, FROM_CHILD),
    ]),
  )
  const values = samplesAt(schema.additionalProperties, depth + 1).slice(0, FROM_CHILD)
  const names = isObject(schema.propertyNames) ? schema.propertyNames : {}
  const keys = Array.isArray(names.enum) ? (names.enum as string[]).map(String) : ['key', 'a-b']
  const base: JsonObject = {}
  for (const key of required) set(base, key, byKey.get(key)?.[0] ?? values[0] ?? 'a')
  const withKey = (key: string, value: JsonValue): JsonObject => set({ ...base }, key, value)
  const out: JsonValue[] = [base, {}]
  const perKey = [...byKey].map(([key, samples]) =>
    [...samples, ...EACH_KIND].map((s) => withKey(key, s)),
  )
  // a parent keeps a few: every key's first goes first (at the top, a change's witness is the
  // first one found that shows a value at its place, so the keys stay in order there)
  if (depth > 0) out.push(...perKey.map((list) => list[0]!), ...perKey.flatMap((l) => l.slice(1)))
  else out.push(...perKey.flat())
  out.splice(Math.min(out.length, EXTRA_KEY_AT), 0, withKey(keys[0] ?? 'key', values[0] ?? 1))
  for (const key of required) {
    const without = { ...base }
    delete without[key]
    out.push(without)
  }
  for (const key of keys) for (const s of values) out.push(withKey(key, s))
  if (keys.length > 1)
    out.push({ ...base, ...Object.fromEntries(keys.map((k) => [k, values[0] ?? 1])) })
  out.push(withKey('unlisted', 1))
  return out
}

export function samplesAt(schema: unknown, depth: number): JsonValue[] {
  if (schema === false) return []
  if (!isObject(schema) || depth > DEEPEST) return [...ANY]
  const given: JsonValue[] = []
  if (Array.isArray(schema.enum)) given.push(...(schema.enum as JsonValue[]))
  if (schema.const !== undefined) given.push(schema.const as JsonValue)
  if (Array.isArray(schema.examples)) given.push(...(schema.examples as JsonValue[]))
  if (schema.default !== undefined) given.push(schema.default as JsonValue)
  const branches: JsonValue[][] = []
  for (const keyword of ['anyOf', 'oneOf', 'allOf'])
    if (Array.isArray(schema[keyword]))
      for (const branch of schema[keyword] as unknown[])
        branches.push(
          samplesAt(
            isObject(branch) ? { ...schema, [keyword]: undefined, ...branch } : branch,
            depth,
          ),
        )
  const declared = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : []
  const types = declared.length
    ? declared
    : ['null', 'boolean', 'number', 'string', 'array', 'object']
  const byType = types.map((type): JsonValue[] => {
    if (type === 'null') return [null]
    if (type === 'boolean') return [true, false]
    if (type === 'number' || type === 'integer') return numbers(schema)
    if (type === 'string') return strings(schema)
    if (type === 'array') return arrays(schema, depth)
    if (type === 'object') return objects(schema, depth)
    return []
  })
  // taken in turns, so that the first few samples a parent keeps have every option and type
  return distinct(inTurns([given, ...branches, ...byType]))
}

/**
 * Values to try for a property: samples of its old schema and of its new one (where the new
 * one's edges are, with the keys the old one requires), then values beyond both, each once. Made as they are taken: a witness is
 * most often among the first few, and a plan may have 25,000 properties to try.
 */
export function* samplesFor(before: Schema, after: Schema): Generator<JsonValue, void, undefined> {
  const seen = new Set<string>()
  let fromSchemas = 0
  const lists = [
    () => samplesAt(before, 0),
    () => samplesAt(withOldRequired(after, before), 0),
    () => BEYOND,
  ]
  for (const [i, list] of lists.entries())
    for (const value of list()) {
      const beyond = i === lists.length - 1
      if (!beyond && fromSchemas >= MOST * 2) break
      const key = JSON.stringify(value)
      if (seen.has(key)) continue
      seen.add(key)
      if (!beyond) fromSchemas++
      yield value
    }
}
