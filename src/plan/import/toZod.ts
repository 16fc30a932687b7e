import type { JsonValue } from '../../core/event'
import { literal } from './literal'
import { note } from './model'
import {
  ANNOTATIONS,
  isObject,
  isSubschema,
  JSON_TYPES,
  TYPE_KEYWORDS,
  type Schema,
} from './schema'
import { inside, noteDropped, type ZodPlace } from './zodPlace'
import { zodArray, zodNumber, zodObject, zodString, type TypeInput } from './zodTypes'

export type { Draft, ZodPlace } from './zodPlace'

/** What each type's keywords are written with (the type's own keywords, the rest ignored). */
const ZOD_OF_TYPE: Record<string, (input: TypeInput) => string> = {
  string: zodString,
  number: zodNumber,
  integer: zodNumber,
  boolean: () => 'z.boolean()',
  null: () => 'z.null()',
  array: zodArray,
  object: zodObject,
}

/** The keywords each type's writer reads (the others of its family are reported). */
const WRITTEN: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: TYPE_KEYWORDS.number!,
  integer: TYPE_KEYWORDS.integer!,
  array: ['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems'],
  object: ['properties', 'required', 'additionalProperties', 'patternProperties'],
}

/** Keywords for values of any type that `toZod` reads itself. */
const READ_HERE = new Set(['type', 'enum', 'const', 'allOf', 'anyOf', 'oneOf', 'description'])

const jsonType = (value: JsonValue): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : typeof value

/** Does a value of JSON type `kind` have one of `types`? (An integer is a number.) */
const isOfTypes = (kind: string, types: readonly string[]): boolean =>
  types.includes(kind) || (kind === 'integer' && types.includes('number'))

/** The types in both lists (an integer is a number). */
const intersectTypes = (a: readonly string[], b: readonly string[]): string[] =>
  a.flatMap((t) =>
    isOfTypes(t, b) ? [t] : t === 'number' && b.includes('integer') ? ['integer'] : [],
  )

/** The types `allOf`'s parts that have a `type` all allow: every value must have one of them. */
function typesOfAllOf(parts: unknown): readonly string[] | undefined {
  let types: string[] | undefined
  for (const part of Array.isArray(parts) ? parts : []) {
    if (!isObject(part) || part.type === undefined) continue
    const own = (Array.isArray(part.type) ? part.type : [part.type]).filter(
      (t): t is string => typeof t === 'string' && JSON_TYPES.includes(t),
    )
    types = types ? intersectTypes(types, own) : own
  }
  return types
}

/** The type families whose keywords a schema without `type` uses. */
const familiesUsed = (schema: Schema): string[] =>
  ['string', 'number', 'array', 'object'].filter((t) =>
    TYPE_KEYWORDS[t]!.some((k) => Object.hasOwn(schema, k)),
  )

/**
 * The JSON types a value may have: `type` within the enclosing schema's; without `type`,
 * the enclosing schema's, else the types its keywords are for (noted: JSON Schema lets a
 * value of another type through); `undefined` when any value may.
 */
function allowedTypes(schema: Schema, at: ZodPlace): readonly string[] | undefined {
  const declared =
    typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : []
  for (const t of declared)
    if (typeof t !== 'string' || !JSON_TYPES.includes(t))
      noteDropped(at, `type ${JSON.stringify(t)}`)
  const known = declared.filter((t): t is string => typeof t === 'string' && JSON_TYPES.includes(t))
  // a type no draft knows (draft-03's "any") was reported: the value is read as any
  if (schema.type !== undefined && (known.length > 0 || declared.length === 0)) {
    return at.within ? intersectTypes(known, at.within) : known
  }
  if (at.within) return at.within
  const families = familiesUsed(schema)
  if (families.length === 0) return undefined
  note(
    at.notes,
    'note',
    `no "type": read as ${families.join(' or ')} (JSON Schema lets a value of another type through)`,
    at.event,
    at.path,
  )
  return families
}

/** `enum` and `const` together: the values a schema allows, if it lists them. */
function listedValues(schema: Schema): JsonValue[] | undefined {
  const fromEnum = Array.isArray(schema.enum) ? (schema.enum as JsonValue[]) : undefined
  if (!Object.hasOwn(schema, 'const')) return fromEnum
  const only = schema.const as JsonValue
  return !fromEnum || fromEnum.some((v) => JSON.stringify(v) === JSON.stringify(only)) ? [only] : []
}

const json = (value: JsonValue): string =>
  typeof value === 'string' ? literal(value) : JSON.stringify(value)

/** The listed values of the allowed types: a zod enum of strings, or literals; `null` makes it nullable. */
function zodValues(
  values: JsonValue[],
  types: readonly string[] | undefined,
  at: ZodPlace,
): string {
  const typed = types ? values.filter((v) => isOfTypes(jsonType(v), types)) : values
  const scalars = typed.filter((v) => v === null || typeof v !== 'object')
  if (scalars.length < typed.length) noteDropped(at, 'an object or array among the allowed values')
  const nonNull = scalars.filter((v) => v !== null)
  const expr =
    nonNull.length === 0
      ? scalars.length
        ? 'z.null()'
        : 'z.never()'
      : nonNull.length === 1
        ? `z.literal(${json(nonNull[0]!)})`
        : nonNull.every((v) => typeof v === 'string')
          ? `z.enum([${nonNull.map(json).join(', ')}])`
          : `z.union([${nonNull.map((v) => `z.literal(${json(v)})`).join(', ')}])`
  return nonNull.length && nonNull.length < scalars.length ? `${expr}.nullable()` : expr
}

/** Does the schema need its type part: a type, and keywords for it unless values are listed? */
const writesTypes = (
  schema: Schema,
  types: readonly string[] | undefined,
  listed: boolean,
): types is readonly string[] =>
  types !== undefined &&
  (!listed || types.some((t) => (WRITTEN[t] ?? []).some((k) => Object.hasOwn(schema, k))))

/** The schema's type keywords, per allowed type: `undefined` when they add nothing to the listed values. */
function zodOfTypes(
  schema: Schema,
  types: readonly string[] | undefined,
  at: ZodPlace,
  listed: boolean,
): string | undefined {
  if (!writesTypes(schema, types, listed)) return undefined
  const kinds = types.filter((t) => t !== 'null' && !(t === 'integer' && types.includes('number')))
  const each = kinds.map((type) => ZOD_OF_TYPE[type]!({ type, schema, at, toZod }))
  const expr =
    each.length === 0
      ? types.includes('null')
        ? 'z.null()'
        : 'z.never()'
      : each.length === 1
        ? each[0]!
        : `z.union([${each.join(', ')}])`
  return each.length && types.includes('null') ? `${expr}.nullable()` : expr
}

/** `allOf` (each part), `anyOf` (a union) and `oneOf` (`z.xor`: exactly one matches). */
function applicatorParts(
  schema: Schema,
  types: readonly string[] | undefined,
  at: ZodPlace,
): string[] {
  const parts: string[] = []
  const sub = (list: unknown, sign: string, within = types, conjoined = false): string[] =>
    (Array.isArray(list) ? list : []).map((s, i) =>
      isSubschema(s)
        ? toZod(s, {
            ...inside(at, `${sign}${i}`),
            ...(within ? { within } : {}),
            ...(conjoined ? { conjoined } : {}),
          })
        : 'z.json()',
    )
  // a part of allOf without a type is read within the types its typed siblings allow; it is
  // conjoined with them (and with the schema's other parts)
  parts.push(...sub(schema.allOf, '&', types ?? typesOfAllOf(schema.allOf), at.conjoined))
  // an option of a union that is a part is conjoined too: zod's intersection lets a key a
  // strict option rejects through as well
  const anyOf = sub(schema.anyOf, '|', types, at.conjoined)
  if (Array.isArray(schema.anyOf))
    parts.push(
      anyOf.length === 1
        ? anyOf[0]!
        : anyOf.length
          ? `z.union([${anyOf.join(', ')}])`
          : 'z.never()',
    )
  const oneOf = sub(schema.oneOf, '^', types, at.conjoined)
  if (Array.isArray(schema.oneOf))
    parts.push(
      oneOf.length === 1 ? oneOf[0]! : oneOf.length ? `z.xor([${oneOf.join(', ')}])` : 'z.never()',
    )
  return parts
}

/** Keywords `toZod` did not write: reported, unless they apply to no type the value may have. */
function noteUnwritten(schema: Schema, types: readonly string[] | undefined, at: ZodPlace): void {
  for (const key of Object.keys(schema)) {
    if (READ_HERE.has(key) || ANNOTATIONS.has(key)) continue
    if (key === '$ref') noteDropped(at, `$ref ${JSON.stringify(schema.$ref)}`)
    else if (['not', 'if', 'then', 'else'].includes(key)) noteDropped(at, `"${key}"`)
    else {
      const family = JSON_TYPES.filter((t) => TYPE_KEYWORDS[t]!.includes(key))
      if (family.length === 0)
        note(at.notes, 'note', `"${key}" is no JSON Schema keyword: ignored`, at.event, at.path)
      else if (
        (types ?? JSON_TYPES).some((t) => family.includes(t) && !(WRITTEN[t] ?? []).includes(key))
      )
        noteDropped(at, `"${key}"`)
    }
  }
}

/**
 * A zod expression for a schema (`true` is any JSON value, `false` none): its listed values,
 * its type keywords and its `allOf`/`anyOf`/`oneOf`, each a part, all of which must hold.
 * What zod cannot say either is reported, by path.
 */
export function toZod(schema: Schema | boolean, at: ZodPlace): string {
  if (schema === true) return 'z.json()'
  if (schema === false) return 'z.never()'
  const types = allowedTypes(schema, at)
  const values = listedValues(schema)
  const count =
    (values ? 1 : 0) +
    (writesTypes(schema, types, values !== undefined) ? 1 : 0) +
    (Array.isArray(schema.allOf) ? schema.allOf.length : 0) +
    (Array.isArray(schema.anyOf) ? 1 : 0) +
    (Array.isArray(schema.oneOf) ? 1 : 0)
  // written as parts of one `.and()`: each part knows it (see ZodPlace.conjoined)
  const place = count > 1 ? { ...at, conjoined: true } : at
  const parts: string[] = []
  if (values) parts.push(zodValues(values, types, place))
  const typed = zodOfTypes(schema, types, place, values !== undefined)
  if (typed) parts.push(typed)
  parts.push(...applicatorParts(schema, types, place))
  noteUnwritten(schema, types, at)
  const expr = parts.length ? parts.reduce((all, part) => `${all}.and(${part})`) : 'z.json()'
  return typeof schema.description === 'string' && schema.description
    ? `${expr}.describe(${literal(schema.description)})`
    : expr
}
