import {
  note,
  type ImportedEvent,
  type ImportedProperty,
  type NamedProperty,
  type Notes,
} from './model'
import { plainBlockers, toPlainSpec } from './plainSpec'
import { ANNOTATIONS, isObject, requiredNames, type Schema } from './schema'
import { toZod } from './toZod'

/** The keywords an event's properties schema may have: any other is reported. */
const EVENT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'description',
  ...ANNOTATIONS,
])

/** One property: plain where it can be, zod where a keyword needs it (reported as such). */
function importProperty(
  schema: Schema,
  required: boolean,
  event: string,
  name: string,
  notes: Notes,
): ImportedProperty {
  const blocked = plainBlockers(schema)
  if (blocked.length === 0)
    return required ? { ...toPlainSpec(schema), required: true } : toPlainSpec(schema)
  note(notes, 'schema', blocked.join('; '), event, name)
  const zod = toZod(schema, { event, path: name, notes })
  return { zod: required ? zod : `${zod}.optional()`, ...(required ? { required: true } : {}) }
}

/**
 * The schema of an event's properties, inside a whole-call schema (trackplan's export,
 * Segment's rules) or given directly.
 */
export function propertiesSchema(schema: Schema): Schema {
  const inner = isObject(schema.properties) ? schema.properties.properties : undefined
  return isObject(inner) && (inner.type === 'object' || isObject(inner.properties)) ? inner : schema
}

/** The properties a properties schema lists, each imported. */
export function importProperties(schema: Schema, event: string, notes: Notes): NamedProperty[] {
  const required = requiredNames(schema)
  return Object.entries(isObject(schema.properties) ? schema.properties : {})
    .filter(([, child]) => isObject(child))
    .map(([name, child]) => ({
      name,
      property: importProperty(child as Schema, required.has(name), event, name, notes),
    }))
}

/** A rule on the call beyond `type` (an empty `properties` says nothing either). */
const saysSomething = (rule: Schema): boolean =>
  Object.keys(rule).some(
    (k) =>
      k !== 'type' &&
      !(
        k === 'properties' &&
        isObject(rule.properties) &&
        Object.keys(rule.properties).length === 0
      ),
  )

/** A whole-call schema may also rule on the call's context or traits: not part of a plan. */
function noteCallRules(call: Schema, event: string, notes: Notes): void {
  if (!isObject(call.properties)) return
  for (const [key, rule] of Object.entries(call.properties)) {
    if (key === 'properties' || key === 'event' || !isObject(rule) || !saysSomething(rule)) continue
    note(
      notes,
      'dropped',
      `the rules on the call's "${key}" were not imported: a plan describes event properties`,
      event,
    )
  }
}

/** One event from a JSON Schema (of its properties, or of a whole track call). */
export function eventFromSchema(
  name: string,
  schema: Schema,
  notes: Notes,
  description?: string,
): ImportedEvent {
  const props = propertiesSchema(schema)
  if (props !== schema) noteCallRules(schema, name, notes)
  const event: ImportedEvent = { name, properties: importProperties(props, name, notes) }
  const text =
    description ?? (typeof schema.description === 'string' ? schema.description : undefined)
  if (text) event.description = text
  if (props.additionalProperties === false) event.additionalProperties = false
  for (const key of Object.keys(props))
    if (!EVENT_KEYWORDS.has(key))
      note(notes, 'dropped', `"${key}" on the event's properties was not imported`, name)
  return event
}
