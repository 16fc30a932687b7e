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

/** Each part of a zod schema (through wrappers, objects, lists, unions, pipes) JSON Schema does not show. */
function collect(schema: ZodInternals, found: unknown[], seen: Set<unknown>): void {
  if (seen.has(schema)) return
  seen.add(schema)
  const def = schema._zod.def
  if (def.coerce === true) found.push({ coerce: def.type })
  if (def.type === 'catch') found.push({ catch: def.catchValue })
  if (def.type === 'custom' || def.type === 'transform') found.push(def)
  // the input's JSON Schema is the pipe's first schema: the second checks unseen
  if (def.type === 'pipe') found.push({ pipeInto: def.out })
  const flagged = flaggedPattern(def) // z.email({ pattern: /…/i }), z.httpUrl() hold it themselves
  if (flagged) found.push(flagged)
  if (Array.isArray(def.checks))
    for (const check of def.checks) {
      // with the kind of schema that holds it: a refinement inside a .catch() or an .optional()
      // is not one outside it
      const hidden = hiddenCheck(check)
      if (hidden) found.push({ in: def.type, check: hidden })
    }
  const inner: unknown[] = []
  for (const [key, value] of Object.entries(def)) {
    if (key === 'checks') continue
    if (key === 'getter' && typeof value === 'function') {
      try {
        inner.push((value as () => unknown)())
      } catch {
        // a lazy schema that cannot be built: nothing more to see
      }
    } else if (Array.isArray(value)) inner.push(...value)
    else if (value && typeof value === 'object' && !isZod(value))
      inner.push(...Object.values(value))
    else inner.push(value)
  }
  for (const part of inner) if (isZod(part)) collect(part, found, seen)
}

/** What a property's schema checks beyond its JSON Schema, as far as trackplan can see (zod). */
function hiddenChecks(spec: PropertySpec | undefined): unknown[] {
  const found: unknown[] = []
  if (spec && isSchema(spec) && isZod(spec)) {
    try {
      collect(spec, found, new Set())
    } catch {
      // a getter in a shape that throws: what was found so far
    }
  }
  return found
}

/**
 * Whether two versions of a property differ in what their JSON Schemas do not show: a
 * refinement, transform, pipe, coercion or `.catch()` added, removed or changed.
 */
export const hiddenChecksDiffer = (
  before: PropertySpec | undefined,
  after: PropertySpec | undefined,
): boolean => !sameSpec(hiddenChecks(before), hiddenChecks(after))
