import type { JsonValue } from '../../core/event'
import type { PropertyType } from '../types'
import { TYPE_CHECKS } from '../validate'
import type { ImportedProperty } from './model'
import { ANNOTATIONS, isObject, requiredNames, TYPE_KEYWORDS, type Schema } from './schema'

/** One of the plan's property types (the runtime check's own list). */
const isType = (t: unknown): t is PropertyType =>
  typeof t === 'string' && Object.hasOwn(TYPE_CHECKS, t)

/** The keywords a plain spec can say. */
const PLAIN = new Set([
  'type',
  'enum',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'items',
  ...ANNOTATIONS,
])

/** The one JSON type of a schema (from `type`, or from a uniform enum), if it has exactly one. */
function singleType(schema: Schema): PropertyType | undefined {
  if (typeof schema.type === 'string') return isType(schema.type) ? schema.type : undefined
  if (schema.type === undefined && Array.isArray(schema.enum) && schema.enum.length) {
    const kinds = new Set(
      schema.enum.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)),
    )
    const [kind] = kinds
    if (kinds.size === 1 && isType(kind))
      return kind === 'number' && schema.enum.every((v) => Number.isInteger(v)) ? 'integer' : kind
  }
  return undefined
}

/** A keyword for values of other types than the schema's: it changes nothing, for any spec. */
const inert = (key: string, type: PropertyType | undefined): boolean =>
  type !== undefined &&
  !TYPE_KEYWORDS[type]!.includes(key) &&
  Object.values(TYPE_KEYWORDS).some((keywords) => keywords.includes(key))

/** What in an object schema a plain spec cannot say: `true`/`false` subschemas, names only required. */
function objectBlockers(schema: Schema): string[] {
  const out: string[] = []
  const listed = isObject(schema.properties) ? schema.properties : {}
  if (schema.additionalProperties !== undefined && typeof schema.additionalProperties !== 'boolean')
    out.push('additionalProperties schema')
  for (const [key, child] of Object.entries(listed))
    if (!isObject(child)) out.push(`${key}: ${JSON.stringify(child)}`)
    else if (plainBlockers(child).length) out.push(`${key}: ${plainBlockers(child).join(', ')}`)
  for (const name of requiredNames(schema))
    if (!Object.hasOwn(listed, name)) out.push(`required "${name}" without a property`)
  return out
}

/** Why a schema cannot be a plain spec: the keywords, or an empty list when it can. */
export function plainBlockers(schema: Schema): string[] {
  const type = singleType(schema)
  const out: string[] = []
  if (!type)
    out.push(
      Array.isArray(schema.type)
        ? `type ${JSON.stringify(schema.type)}`
        : schema.type === undefined
          ? 'no type'
          : `type "${String(schema.type)}"`,
    )
  for (const key of Object.keys(schema)) if (!PLAIN.has(key) && !inert(key, type)) out.push(key)
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) out.push('null in enum')
  if (type === 'object') out.push(...objectBlockers(schema))
  if (type === 'array' && schema.items !== undefined) {
    if (!isObject(schema.items)) out.push(Array.isArray(schema.items) ? 'tuple items' : 'items')
    else if (plainBlockers(schema.items).length)
      out.push(`items: ${plainBlockers(schema.items).join(', ')}`)
  }
  return out
}

/** The plain spec of a schema that has no blockers. */
export function toPlainSpec(schema: Schema): ImportedProperty {
  const type = singleType(schema)!
  const spec: ImportedProperty = { type }
  if (Array.isArray(schema.enum)) spec.enum = schema.enum as JsonValue[]
  if (typeof schema.description === 'string' && schema.description)
    spec.description = schema.description
  if (type === 'object' && (isObject(schema.properties) || schema.additionalProperties === false)) {
    const required = requiredNames(schema)
    // `additionalProperties: false` closes the keys a plain spec lists: none when it lists none
    spec.properties = Object.entries(isObject(schema.properties) ? schema.properties : {}).map(
      ([name, child]) => {
        const property = toPlainSpec(child as Schema)
        return { name, property: required.has(name) ? { ...property, required: true } : property }
      },
    )
    if (schema.additionalProperties === false) spec.additionalProperties = false
  }
  if (type === 'array' && isObject(schema.items)) spec.items = toPlainSpec(schema.items)
  return spec
}
