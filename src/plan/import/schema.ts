/** A JSON Schema, or any JSON object, as the import reads it. */
export type Schema = { [key: string]: unknown }

export const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** Keywords that only describe: read where they matter, never reported. */
export const ANNOTATIONS = new Set(['title', '$schema', '$id', '$comment', 'self', 'id'])

/** The names a schema's `required` lists. */
export const requiredNames = (schema: Schema): Set<string> =>
  new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
