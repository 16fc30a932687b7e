import type { JsonValue } from '../../core/event'
import type { PropertyType } from '../types'
import { TYPE_CHECKS } from '../validate'
import type { ImportedProperty } from './model'
import { ANNOTATIONS, isObject, requiredNames, type Schema } from './schema'

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

/** Why a schema cannot be a plain spec: the keywords, or an empty list when it can. */
export function plainBlockers(schema: Schema): string[] {
  const out: string[] = []
  if (!singleType(schema))
    out.push(
      Array.isArray(schema.type)
        ? `type ${JSON.stringify(schema.type)}`
        : schema.type === undefined
          ? 'no type'
          : `type "${String(schema.type)}"`,
    )
  for (const key of Object.keys(schema)) if (!PLAIN.has(key)) out.push(key)
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) out.push('null in enum')
  if (schema.additionalProperties !== undefined && typeof schema.additionalProperties !== 'boolean')
    out.push('additionalProperties schema')
  if (schema.items !== undefined && !isObject(schema.items)) out.push('tuple items')
  if (isObject(schema.properties))
    for (const [key, child] of Object.entries(schema.properties))
      if (isObject(child) && plainBlockers(child).length)
        out.push(`${key}: ${plainBlockers(child).join(', ')}`)
  if (isObject(schema.items) && plainBlockers(schema.items).length)
    out.push(`items: ${plainBlockers(schema.items).join(', ')}`)
  return out
}

/** The plain spec of a schema that has no blockers. */
export function toPlainSpec(schema: Schema): ImportedProperty {
  const spec: ImportedProperty = { type: singleType(schema)! }
  if (Array.isArray(schema.enum)) spec.enum = schema.enum as JsonValue[]
  if (typeof schema.description === 'string' && schema.description)
    spec.description = schema.description
  if (isObject(schema.properties)) {
    const required = requiredNames(schema)
    spec.properties = Object.entries(schema.properties)
      .filter(([, child]) => isObject(child))
      .map(([name, child]) => {
        const property = toPlainSpec(child as Schema)
        return { name, property: required.has(name) ? { ...property, required: true } : property }
      })
  }
  if (schema.additionalProperties === false) spec.additionalProperties = false
  if (isObject(schema.items)) spec.items = toPlainSpec(schema.items)
  return spec
}
