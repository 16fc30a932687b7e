import { allowedValues, csvCell, mdCell, propertyPathKey } from './cells'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { isSchema } from './isSchema'
import { isRecord } from './specShape'
import type { JsonValue } from '../core/event'
import type {
  EventSpec,
  PlainPropertySpec,
  PropertySpec,
  PropertyType,
  TrackingPlan,
} from './types'

export type ExportFormat = 'csv' | 'markdown' | 'json-schema'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'markdown', 'json-schema']

type JsonSchema = Record<string, unknown>

export interface PropertyRow {
  type: string
  required: boolean
  allowed: string
  description: string
  schema: JsonSchema
  /** `false` for a Standard Schema whose library gives no JSON Schema: `schema` is then empty. */
  comparable: boolean
}

/**
 * A Standard Schema's JSON Schema, where its library can give one (zod 4, valibot, arktype
 * do). A converter that throws, or gives no JSON object (a number, a list, a cycle, a BigInt
 * inside), gives none.
 */
function schemaOf(spec: StandardSchemaV1): JsonSchema | undefined {
  const converter = (
    spec['~standard'] as { jsonSchema?: { input?: (o: { target: string }) => unknown } }
  ).jsonSchema
  try {
    const schema: unknown = converter?.input?.({ target: 'draft-07' })
    if (!isRecord(schema)) return undefined
    JSON.stringify(schema) // throws on a cycle or a BigInt: the exports and the diff write JSON
    const { $schema: _ignored, ...rest } = schema
    return rest
  } catch {
    return undefined
  }
}

/**
 * A property spec as the exports and `diffPlans` see it: its JSON Schema, required or not, and its
 * cells.
 */
export function describeProperty(spec: PropertySpec): PropertyRow {
  if (isSchema(spec)) {
    const converted = schemaOf(spec)
    const schema = converted ?? {}
    let required = true
    try {
      const result = spec['~standard'].validate(undefined)
      required = !(result instanceof Promise) && result.issues !== undefined
    } catch {
      // a schema that throws on undefined requires a value
    }
    const type = Array.isArray(schema.type)
      ? schema.type.join(' | ')
      : typeof schema.type === 'string'
        ? schema.type
        : `${spec['~standard'].vendor} schema`
    const allowed = Array.isArray(schema.enum)
      ? allowedValues(schema.enum as JsonValue[], propertyType(schema.type))
      : ''
    return {
      type,
      required,
      allowed,
      description: typeof schema.description === 'string' ? schema.description : '',
      schema,
      comparable: converted !== undefined,
    }
  }
  return {
    type: spec.type,
    required: spec.required === true,
    allowed: spec.enum ? allowedValues(spec.enum, spec.type) : '',
    description: spec.description ?? '',
    schema: plainSchema(spec),
    comparable: true,
  }
}

/** A JSON Schema `type` that is one of the plan's property types. */
const propertyType = (type: unknown): PropertyType | undefined =>
  typeof type === 'string' && PROPERTY_TYPES.includes(type as PropertyType)
    ? (type as PropertyType)
    : undefined

const PROPERTY_TYPES: readonly PropertyType[] = [
  'string',
  'number',
  'integer',
  'boolean',
  'array',
  'object',
]

/** A plain spec's JSON Schema, nested objects and array items included. */
function plainSchema(spec: PlainPropertySpec): JsonSchema {
  const schema: JsonSchema = { type: spec.type }
  if (spec.enum) schema.enum = [...spec.enum]
  if (spec.description) schema.description = spec.description
  if (spec.properties && Object.keys(spec.properties).length) {
    const entries = Object.entries(spec.properties)
    schema.properties = Object.fromEntries(
      entries.map(([name, child]) => [name, plainSchema(child)]),
    )
    const required = entries.filter(([, child]) => child.required === true).map(([name]) => name)
    if (required.length) schema.required = required
  }
  // closed without `properties`: no key at all, as JSON Schema and the runtime read it (decision 0124)
  if (spec.additionalProperties === false) schema.additionalProperties = false
  if (spec.items) schema.items = plainSchema(spec.items)
  return schema
}

const COLUMNS = [
  'event',
  'description',
  'trigger',
  'owner',
  'property',
  'type',
  'required',
  'allowed values',
  'property description',
]

function rows(plan: TrackingPlan): string[][] {
  const out: string[][] = []
  for (const [event, spec] of Object.entries(plan.events) as [string, EventSpec][]) {
    const head = [event, spec.description ?? '', spec.trigger ?? '', spec.owner ?? '']
    const properties = Object.entries(spec.properties ?? {})
    if (properties.length === 0) out.push([...head, '', '', '', '', ''])
    for (const [name, p] of properties) {
      const row = describeProperty(p)
      const path = propertyPathKey(name)
      out.push([...head, path, row.type, row.required ? 'yes' : 'no', row.allowed, row.description])
      nestedRows(head, path, row.schema, out)
    }
  }
  return out
}

/**
 * Rows for what a property holds: `address.city` for an object's keys, `tags[]` for array
 * items (a key's own `.`, `[` and `]` escaped: `utm\.source`).
 */
function nestedRows(head: string[], name: string, schema: JsonSchema, out: string[][]): void {
  const row = (path: string, child: JsonSchema, required: boolean): void => {
    out.push([
      ...head,
      path,
      Array.isArray(child.type)
        ? child.type.join(' | ')
        : typeof child.type === 'string'
          ? child.type
          : '',
      required ? 'yes' : 'no',
      Array.isArray(child.enum)
        ? allowedValues(child.enum as JsonValue[], propertyType(child.type))
        : '',
      typeof child.description === 'string' ? child.description : '',
    ])
    nestedRows(head, path, child, out)
  }
  const properties = schema.properties
  if (properties && typeof properties === 'object') {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
    for (const [key, child] of Object.entries(properties as Record<string, JsonSchema>))
      row(`${name}.${propertyPathKey(key)}`, child, required.includes(key))
  }
  const items = schema.items
  if (items && typeof items === 'object' && !Array.isArray(items))
    row(`${name}[]`, items as JsonSchema, false)
}

/** The tracking-plan spreadsheet: one row per event property (one per event without properties). */
export function planToCsv(plan: TrackingPlan): string {
  return [COLUMNS, ...rows(plan)].map((r) => r.map(csvCell).join(',')).join('\n') + '\n'
}

/** The same table in Markdown, for docs. */
export function planToMarkdown(plan: TrackingPlan): string {
  const lines = [`| ${COLUMNS.join(' | ')} |`, `| ${COLUMNS.map(() => '---').join(' | ')} |`]
  for (const row of rows(plan)) lines.push(`| ${row.map(mdCell).join(' | ')} |`)
  return lines.join('\n') + '\n'
}

/**
 * One JSON Schema (draft-07) per event, keyed by event name, validating a whole Segment
 * track call (`event` and `properties`): the shape Segment Protocols and RudderStack
 * tracking plans accept, for enforcement in the collector. The plan's context properties
 * are in every event's schema as the runtime checks them: where present, never required
 * (the event's own spec of a name wins), never unexpected on a closed event.
 */
export function planToJsonSchema(plan: TrackingPlan): Record<string, JsonSchema> {
  const context = Object.entries(plan.contextProperties ?? {}).map(
    ([name, p]) => [name, describeProperty(p).schema] as const,
  )
  const out: Record<string, JsonSchema> = {}
  for (const [event, spec] of Object.entries(plan.events) as [string, EventSpec][]) {
    const own = Object.entries(spec.properties ?? {}).map(
      ([name, p]) => [name, describeProperty(p)] as const,
    )
    const required = own.filter(([, row]) => row.required).map(([name]) => name)
    // fromEntries: a property named `__proto__` is a key like any other
    const properties = Object.fromEntries([
      ...own.map(([name, row]) => [name, row.schema] as const),
      ...context.filter(([name]) => !Object.hasOwn(spec.properties ?? {}, name)),
    ])
    out[event] = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: event,
      ...(spec.description ? { description: spec.description } : {}),
      type: 'object',
      properties: {
        event: { const: event },
        properties: {
          type: 'object',
          properties,
          required,
          ...(spec.additionalProperties === false ? { additionalProperties: false } : {}),
        },
      },
      required: ['event', 'properties'],
    }
  }
  return out
}

/** A plan in one of the export formats, as text. */
export function exportPlan(plan: TrackingPlan, format: ExportFormat): string {
  if (format === 'csv') return planToCsv(plan)
  if (format === 'markdown') return planToMarkdown(plan)
  return JSON.stringify(planToJsonSchema(plan), null, 2) + '\n'
}
