import { isSchema } from '../isSchema'
import type { PropertySpec } from '../types'
import { sameSpec } from './sameSpec'

// zod's JSON Schema leaves out what it cannot say, without a word: a refinement, a transform
// or a pipe into another schema, a coercion, a `.catch()`, a `.trim()`, a pattern's flags.
// Two versions of a property whose JSON Schemas differ only by a widening may still differ
// there, by values no sample finds (`.refine((v) => v !== 'zz')`). Valibot's and arktype's
// converters throw on such parts instead, so their schemas are not compared at all (decision
// 0131).

/** A zod schema as its internals show it: `_zod.def` holds what it checks. */
interface ZodInternals {
  _zod: { def: Record<string, unknown> & { type?: unknown; checks?: unknown } }
}

const isZod = (value: unknown): value is ZodInternals =>
  !!value &&
  (typeof value === 'object' || typeof value === 'function') &&
  typeof (value as { _zod?: { def?: unknown } })._zod?.def === 'object'

/** What a string format's JSON Schema (`format`, `pattern`) shows of it. */
const SHOWN_FORMAT_KEYS = new Set(['type', 'format', 'check', 'abort', 'pattern', 'when', 'error'])

/**
 * A string format's parameters its JSON Schema leaves out — a pattern's flags (`/zz/i`), a
 * URL's `protocol` and `hostname` (`z.httpUrl()` is `format: "uri"` as `z.url()` is), a
 * JWT's `alg` — or `undefined` when it has none.
 */
function flaggedPattern(def: Record<string, unknown>): unknown {
  if (def.check !== 'string_format') return undefined
  const hidden = Object.entries(def).filter(([key]) => !SHOWN_FORMAT_KEYS.has(key))
  if (def.pattern instanceof RegExp && def.pattern.flags) hidden.push(['pattern', def.pattern])
  return hidden.length ? { format: def.format, ...Object.fromEntries(hidden) } : undefined
}

/** What a check of `.check()`'s list does that JSON Schema has no word for. */
function hiddenCheck(check: unknown): unknown {
  if (!isZod(check)) return undefined
  const kind = check._zod.def.check
  // a refinement (its function in `def.fn`) or a `.superRefine()`; an overwrite is `.trim()`
  return kind === 'custom' || kind === 'overwrite' ? check : flaggedPattern(check._zod.def)
}

/** Schemas visited at most, per property: a schema shared many times over is walked once per place. */
const VISITS = 10_000

/** What a walk of one property's schema found, and how far it went. */
interface Walk {
  found: unknown[]
  /** The schemas above the one being walked: a lazy schema's cycle is walked once. */
  ancestors: Set<unknown>
  visits: number
}

/** A definition's zod schemas, each with its place under the definition (`shape.a`, `options.0`). */
function parts(def: Record<string, unknown>): [string, unknown][] {
  const inner: [string, unknown][] = []
  for (const [key, value] of Object.entries(def)) {
    if (key === 'checks') continue
    if (key === 'getter' && typeof value === 'function') {
      try {
        inner.push([key, (value as () => unknown)()])
      } catch {
        // a lazy schema that cannot be built: nothing more to see
      }
    } else if (Array.isArray(value))
      inner.push(...value.map((v, i): [string, unknown] => [`${key}.${i}`, v]))
    else if (value && typeof value === 'object' && !isZod(value))
      inner.push(...Object.entries(value).map(([k, v]): [string, unknown] => [`${key}.${k}`, v]))
    else inner.push([key, value])
  }
  return inner
}

/**
 * Each part of a zod schema (through wrappers, objects, lists, unions, pipes) JSON Schema does
 * not show, with the place it sits (`at`): a refinement moved from a union's option onto the
 * whole value, or from one key to another, checks other values.
 */
function collect(schema: ZodInternals, walk: Walk, at: string): void {
  if (walk.ancestors.has(schema)) return
  if (++walk.visits > VISITS) {
    walk.found.push({ at, tooLarge: Symbol('too large') }) // equal to nothing: review by hand
    return
  }
  const found = (hidden: unknown) => walk.found.push({ at, hidden })
  const def = schema._zod.def
  if (def.coerce === true) found({ coerce: def.type })
  if (def.type === 'catch') found({ catch: def.catchValue })
  if (def.type === 'custom' || def.type === 'transform') found(def)
  // the input's JSON Schema is the pipe's first schema: the second checks unseen
  if (def.type === 'pipe') found({ pipeInto: def.out })
  const flagged = flaggedPattern(def) // z.email({ pattern: /…/i }), z.httpUrl() hold it themselves
  if (flagged) found(flagged)
  if (Array.isArray(def.checks))
    for (const check of def.checks) {
      // with the kind of schema that holds it: a refinement inside a .catch() or an .optional()
      // is not one outside it
      const hidden = hiddenCheck(check)
      if (hidden) found({ in: def.type, check: hidden })
    }
  walk.ancestors.add(schema)
  for (const [key, part] of parts(def)) if (isZod(part)) collect(part, walk, `${at}/${key}`)
  walk.ancestors.delete(schema)
}

/** What a property's schema checks beyond its JSON Schema, as far as trackplan can see (zod). */
function hiddenChecks(spec: PropertySpec | undefined): unknown[] {
  const walk: Walk = { found: [], ancestors: new Set(), visits: 0 }
  if (spec && isSchema(spec) && isZod(spec)) {
    try {
      collect(spec, walk, '')
    } catch {
      // a getter in a shape that throws: what was found so far
    }
  }
  return walk.found
}

/**
 * Whether two versions of a property differ in what their JSON Schemas do not show: a
 * refinement, transform, pipe, coercion or `.catch()` added, removed or changed.
 */
export const hiddenChecksDiffer = (
  before: PropertySpec | undefined,
  after: PropertySpec | undefined,
): boolean => !sameSpec(hiddenChecks(before), hiddenChecks(after))
