import type { ChangeList, PropertyPlace } from './PlanChange'
import type { Schema } from './Schema'

// Bounds: raising a lower one or lowering an upper one narrows what passes. A number's lower
// bound is `minimum` or `exclusiveMinimum`, whichever is tighter, so `.positive()` →
// `.nonnegative()` (exclusiveMinimum 0 → minimum 0) is a loosening, and for integers `gt(4)`
// is `gte(5)`.

/** The bounds that are counts: lengths, items, keys. */
export const COUNT_BOUNDS = {
  lower: ['minLength', 'minItems', 'minProperties'],
  upper: ['maxLength', 'maxItems', 'maxProperties'],
}
export const NUMBER_BOUNDS = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum']

/** Whether a number is one of the safe-integer limits zod puts on every `.int()`. */
export const isIntLimit = (value: unknown): boolean =>
  typeof value === 'number' && Math.abs(value) === Number.MAX_SAFE_INTEGER

/** Just past zod's `.int()` limits a schema has: a plain integer takes ±2^53, z.int() does not. */
export const pastIntLimits = (schema: Schema): number[] =>
  [schema.minimum, schema.maximum].filter(isIntLimit).map((n) => Math.sign(n as number) * 2 ** 53)

/**
 * A number as a bound; the safe-integer limits zod puts on every `.int()` (±(2^53 − 1)
 * exactly) are none unless `limits` (two integer schemas: a plain integer has no such limit),
 * a bound beyond them (`.max(1e18)`) is one.
 */
export const bound = (value: unknown, limits = false): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && (limits || !isIntLimit(value))
    ? value
    : undefined

interface NumberBound {
  value: number
  exclusive: boolean
}

/** The tighter of a schema's two bounds on one side; for integers, as an inclusive one. */
function numberBound(
  schema: Schema,
  side: 'lower' | 'upper',
  limits: boolean,
): NumberBound | undefined {
  const [inclusive, exclusive] =
    side === 'lower' ? ['minimum', 'exclusiveMinimum'] : ['maximum', 'exclusiveMaximum']
  const integer = schema.type === 'integer'
  const found: NumberBound[] = []
  const min = bound(schema[inclusive!], limits)
  if (min !== undefined)
    found.push({
      value: integer ? (side === 'lower' ? Math.ceil(min) : Math.floor(min)) : min,
      exclusive: false,
    })
  const ex = bound(schema[exclusive!], limits)
  if (ex !== undefined)
    found.push(
      integer
        ? { value: side === 'lower' ? Math.floor(ex) + 1 : Math.ceil(ex) - 1, exclusive: false }
        : { value: ex, exclusive: true },
    )
  // the tighter: further in, or as far and exclusive
  const tighter = (x: NumberBound, y: NumberBound) => {
    const inward = side === 'lower' ? x.value - y.value : y.value - x.value
    return inward > 0 || (inward === 0 && x.exclusive && !y.exclusive) ? x : y
  }
  return found.reduce<NumberBound | undefined>((t, b) => (t ? tighter(t, b) : b), undefined)
}

/** How far in a bound on `side` sits: positive when `after` is tighter than `before`. */
function tightening(before: NumberBound, after: NumberBound, side: 'lower' | 'upper'): number {
  const inward = side === 'lower' ? after.value - before.value : before.value - after.value
  return inward || Number(after.exclusive) - Number(before.exclusive)
}

/** A side's bound as written: `[{ keyword: 'exclusiveMinimum', value: 0 }]`, or none. */
const written = (schema: Schema, keywords: string[], limits = false) =>
  keywords
    .filter((keyword) => bound(schema[keyword], limits) !== undefined)
    .map((keyword) => ({ keyword, value: String(schema[keyword]) }))

/** `minimum: 1 → 2`, `maximum: none → 5`, `exclusiveMinimum: 0 → minimum: 0`. */
function boundChange(was: ReturnType<typeof written>, is: ReturnType<typeof written>): string {
  const one = (was[0] ?? is[0])!.keyword
  if (was.length <= 1 && is.length <= 1 && (was[0]?.keyword ?? one) === (is[0]?.keyword ?? one))
    return `${one}: ${was[0]?.value ?? 'none'} → ${is[0]?.value ?? 'none'}`
  const text = (side: typeof was) =>
    side.map(({ keyword, value }) => `${keyword}: ${value}`).join(', ') || 'none'
  return `${text(was)} → ${text(is)}`
}

function compareNumberBounds(changes: ChangeList, at: PropertyPlace, a: Schema, b: Schema): void {
  // between two integer schemas zod's limits count (z.int() → a plain integer widens);
  // beside a number one the type's change says it
  const limits = a.type === 'integer' && b.type === 'integer'
  for (const side of ['lower', 'upper'] as const) {
    const keywords =
      side === 'lower' ? ['minimum', 'exclusiveMinimum'] : ['maximum', 'exclusiveMaximum']
    const was = written(a, keywords, limits)
    const is = written(b, keywords, limits)
    if (JSON.stringify(was) === JSON.stringify(is)) continue
    const before = numberBound(a, side, limits)
    const after = numberBound(b, side, limits)
    const narrower = !before ? !!after : !!after && tightening(before, after, side) > 0
    const same = before && after && tightening(before, after, side) === 0
    const detail = `${boundChange(was, is)}${same ? ' (the same bound)' : ''}`
    changes.add(at, narrower ? 'constraint-narrowed' : 'constraint-widened', detail, {
      before: before?.value,
      after: after?.value,
    })
  }
}

/** Every bound: numbers' as above, counts' one keyword each. */
export function compareBounds(changes: ChangeList, at: PropertyPlace, a: Schema, b: Schema): void {
  compareNumberBounds(changes, at, a, b)
  for (const side of ['lower', 'upper'] as const) {
    for (const keyword of COUNT_BOUNDS[side]) {
      const before = bound(a[keyword])
      const after = bound(b[keyword])
      if (before === after) continue
      const narrower =
        before === undefined ||
        (after !== undefined && (side === 'lower' ? after > before : after < before))
      changes.add(
        at,
        narrower ? 'constraint-narrowed' : 'constraint-widened',
        `${keyword}: ${before ?? 'none'} → ${after ?? 'none'}`,
        { before, after },
      )
    }
  }
}
