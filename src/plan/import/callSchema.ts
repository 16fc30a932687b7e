// Schemas of a whole track call — trackplan's export, every Segment Protocols rule — rather
// than of an event's properties: where the properties' schema is inside one, and whether the
// rest of the call's rules say anything.
import { note, type Notes } from './model'
import { ANNOTATIONS, isObject, isSubschema, type Schema } from './schema'

/** The fields of a track call (Segment's spec), as a call schema lists them. */
const CALL_FIELDS = new Set([
  'type',
  'event',
  'properties',
  'context',
  'traits',
  'userId',
  'anonymousId',
  'messageId',
  'timestamp',
  'sentAt',
  'receivedAt',
  'originalTimestamp',
  'integrations',
  'channel',
  'version',
])

/**
 * Is this the schema of a whole call? Its `properties` rule is an object schema (trackplan's
 * export, Segment's rules with properties), or every key it lists is a call's field and there
 * are several (Segment's rule with no property yet: `{ context: {}, traits: {}, properties: {} }`).
 */
function isCallSchema(schema: Schema): schema is Schema & { properties: Schema } {
  if (!isObject(schema.properties) || !isSubschema(schema.properties.properties)) return false
  const inner = schema.properties.properties
  const keys = Object.keys(schema.properties)
  return (
    (isObject(inner) && (inner.type === 'object' || isObject(inner.properties))) ||
    (keys.length > 1 && keys.every((key) => CALL_FIELDS.has(key)))
  )
}

/**
 * The schema of an event's properties, inside a whole-call schema or given directly (a call's
 * `properties: {}` or `true` rule is the empty schema: any properties).
 */
function propertiesSchema(schema: Schema & { properties: Schema }): Schema {
  const inner = schema.properties.properties
  return isObject(inner) ? inner : inner ? {} : { not: {} }
}

/** Keys that constrain nothing in a call's rule: annotations, Segment's `labels`. */
const SILENT = new Set([...ANNOTATIONS, 'description', 'labels'])

/**
 * Does a rule constrain anything? Segment writes empty rules for every call (`traits: { type:
 * 'object', properties: {}, required: [] }`): those say nothing, and lose nothing untaken.
 */
export function saysSomething(rule: unknown): boolean {
  if (!isObject(rule)) return rule === false
  return Object.entries(rule).some(([key, value]) =>
    key === 'type'
      ? value !== 'object'
      : key === 'properties'
        ? !isObject(value) || Object.values(value).some(saysSomething)
        : key === 'required'
          ? !Array.isArray(value) || value.length > 0
          : !SILENT.has(key),
  )
}

/**
 * The event's properties schema of a schema (`propertiesSchema`); when it is a whole call's, the
 * call's rules on its `context`, `traits` and other fields are reported: a plan describes event
 * properties.
 */
export function eventPropertiesSchema(schema: Schema, event: string, notes: Notes): Schema {
  if (!isCallSchema(schema)) return schema
  for (const [key, rule] of Object.entries(schema.properties)) {
    if (key === 'properties' || key === 'event' || !saysSomething(rule)) continue
    note(
      notes,
      'dropped',
      `the rules on the call's "${key}" were not imported: a plan describes event properties`,
      event,
    )
  }
  return propertiesSchema(schema)
}
