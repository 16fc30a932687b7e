import type { StandardSchemaV1 } from '@standard-schema/spec'

/** A value JSON has no form for, what it becomes on the way, and the schema to write instead. */
interface LostInJson {
  /** What the schema takes: "a Date". */
  takes: string
  sample: unknown
  /** The sample as the envelope carries it (the tracker sanitizes to JSON; collectors parse JSON). */
  asJson: unknown
  /** What it is in JSON: "its ISO string". */
  becomes: string
  /** What to use instead, with zod and with other libraries. */
  zod: string
  other: string
}

const LOST_IN_JSON: readonly LostInJson[] = [
  {
    takes: 'a Date',
    sample: new Date(0),
    asJson: new Date(0).toISOString(),
    becomes: 'its ISO string',
    zod: 'z.iso.datetime() (or z.coerce.date())',
    other: 'a schema for an ISO date string',
  },
  {
    takes: 'a BigInt',
    sample: 1n,
    asJson: '1',
    becomes: 'a string of digits',
    zod: 'z.number() or z.string()',
    other: 'a number or string schema',
  },
]

// JSON values of every type: a schema that takes none of them (nor the sample's JSON form)
// can never pass; `z.coerce.number()` takes a Date too, but also numbers
const JSON_VALUES: readonly unknown[] = [0, 1, 1.5, '', 'x', '1', true, false, null, [], {}]

/** Whether the schema accepts a value, answering synchronously; `false` when it throws or is async. */
function accepts(schema: StandardSchemaV1, value: unknown): boolean {
  try {
    const result = schema['~standard'].validate(value)
    if (result instanceof Promise) {
      result.catch(() => {}) // an async schema: not judged here, and its failure is nobody's
      return false
    }
    return result.issues === undefined
  } catch {
    return false
  }
}

/**
 * Why a Standard Schema waits for a value that never arrives: it takes a Date or a BigInt and
 * no JSON value, but events travel as JSON (the tracker sanitizes properties, collectors parse
 * JSON), where those are strings. `undefined` for a schema that takes their JSON form too
 * (`z.coerce.date()`) or any JSON value tried (`z.coerce.number()`).
 *
 * @example
 * neverArrives(z.date())
 * // 'it takes a Date, which never arrives: the envelope carries JSON, where a Date is its ISO string; use z.iso.datetime() (or z.coerce.date())'
 */
export function neverArrives(schema: StandardSchemaV1): string | undefined {
  for (const lost of LOST_IN_JSON) {
    if (
      accepts(schema, lost.sample) &&
      !accepts(schema, lost.asJson) &&
      !JSON_VALUES.some((value) => accepts(schema, value))
    ) {
      const instead = schema['~standard'].vendor === 'zod' ? lost.zod : lost.other
      return `it takes ${lost.takes}, which never arrives: the envelope carries JSON, where ${lost.takes} is ${lost.becomes}; use ${instead}`
    }
  }
  return undefined
}
