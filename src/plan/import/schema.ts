/** A JSON Schema, or any JSON object, as the import reads it. */
export type Schema = { [key: string]: unknown }

export const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** A subschema: an object, or `true` (anything) / `false` (nothing). */
export const isSubschema = (value: unknown): value is Schema | boolean =>
  isObject(value) || typeof value === 'boolean'

/**
 * Keywords that only describe or hold definitions (a local `$ref` is inlined before the
 * import reads a schema): read where they matter, never reported.
 */
export const ANNOTATIONS = new Set([
  'title',
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'definitions',
  'self',
  'id',
  'examples',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
  'contentMediaType',
  'contentEncoding',
])

/** The JSON types, and the keywords that apply to values of each (they let other values pass). */
export const TYPE_KEYWORDS: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  boolean: [],
  null: [],
  array: [
    'items',
    'prefixItems',
    'additionalItems',
    'minItems',
    'maxItems',
    'uniqueItems',
    'contains',
    'minContains',
    'maxContains',
    'unevaluatedItems',
  ],
  object: [
    'properties',
    'required',
    'additionalProperties',
    'patternProperties',
    'propertyNames',
    'minProperties',
    'maxProperties',
    'dependencies',
    'dependentRequired',
    'dependentSchemas',
    'unevaluatedProperties',
  ],
}

export const JSON_TYPES = Object.keys(TYPE_KEYWORDS)

/** The names a schema's `required` lists. */
export const requiredNames = (schema: Schema): Set<string> =>
  new Set(
    Array.isArray(schema.required)
      ? schema.required.filter((n): n is string => typeof n === 'string')
      : [],
  )
