import {
  note,
  type ImportedEvent,
  type ImportedProperty,
  type NamedProperty,
  type Notes,
} from './model'
import { eventPropertiesSchema } from './callSchema'
import { plainBlockers, toPlainSpec } from './plainSpec'
import { inlineRefs } from './refs'
import {
  ANNOTATIONS,
  isObject,
  isSubschema,
  requiredNames,
  TYPE_KEYWORDS,
  type Schema,
} from './schema'
import { toZod, type Draft, type ZodPlace } from './toZod'

/** The keywords an event's properties schema may have: any other is reported. */
const EVENT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'description',
  ...ANNOTATIONS,
])

/** A keyword for values that are not objects: an event's properties are one, it changes nothing. */
const forOtherTypes = (key: string): boolean =>
  !TYPE_KEYWORDS.object!.includes(key) &&
  Object.values(TYPE_KEYWORDS).some((keywords) => keywords.includes(key))

/** The draft a document's `$schema` names: 2019-09 and 2020-12 read tuples alike. */
export const draftOf = (schema: Schema): Draft =>
  /2019-09|2020-12/.test(String(schema.$schema)) ? '2020-12' : 'draft-07'

/** One property: plain where it can be, zod where a keyword needs it (reported as such). */
function importProperty(
  schema: Schema | boolean,
  required: boolean,
  at: ZodPlace,
): ImportedProperty {
  const blocked = isObject(schema)
    ? plainBlockers(schema)
    : [schema ? 'any value (true)' : 'no value (false)']
  if (isObject(schema) && blocked.length === 0)
    return required ? { ...toPlainSpec(schema), required: true } : toPlainSpec(schema)
  note(at.notes, 'schema', blocked.join('; '), at.event, at.path)
  const zod = toZod(schema, at)
  return { zod: required ? zod : `${zod}.optional()`, ...(required ? { required: true } : {}) }
}

/**
 * The properties a properties schema lists, each imported, and the names it requires
 * without listing them (any value, or none when the event is closed).
 */
export function importProperties(
  schema: Schema,
  event: string,
  notes: Notes,
  draft: Draft = draftOf(schema),
): NamedProperty[] {
  const required = requiredNames(schema)
  const listed = isObject(schema.properties) ? schema.properties : {}
  const place = (name: string): ZodPlace => ({ event, path: name, notes, draft })
  const properties = Object.entries(listed)
    .filter(([, child]) => isSubschema(child))
    .map(([name, child]) => ({
      name,
      property: importProperty(child as Schema | boolean, required.has(name), place(name)),
    }))
  for (const name of required)
    if (!Object.hasOwn(listed, name))
      properties.push({
        name,
        property: importProperty(
          schema.additionalProperties === false ? false : true,
          true,
          place(name),
        ),
      })
  return properties
}

/** What on the event's properties schema the plan's event spec cannot hold: reported. */
function noteEventKeywords(props: Schema, event: string, notes: Notes): void {
  for (const key of Object.keys(props))
    if (!EVENT_KEYWORDS.has(key) && !forOtherTypes(key))
      note(notes, 'dropped', `"${key}" on the event's properties was not imported`, event)
  if (isObject(props.additionalProperties))
    note(
      notes,
      'dropped',
      `"additionalProperties" as a schema on the event's properties was not imported`,
      event,
    )
}

/**
 * One event from a JSON Schema (of its properties, or of a whole track call); its local
 * `$ref`s are read where they point.
 */
export function eventFromSchema(
  name: string,
  document: Schema,
  notes: Notes,
  description?: string,
): ImportedEvent {
  const schema = inlineRefs(document)
  const props = eventPropertiesSchema(schema, name, notes)
  const event: ImportedEvent = {
    name,
    properties: importProperties(props, name, notes, draftOf(document)),
  }
  const text =
    description ?? (typeof schema.description === 'string' ? schema.description : undefined)
  if (text) event.description = text
  if (props.additionalProperties === false) event.additionalProperties = false
  noteEventKeywords(props, name, notes)
  return event
}
