import type { Schema } from './Schema'
import { isRecord as isObject } from '../specShape'

/**
 * The new schema of an object with the keys the old one requires listed and required as the
 * old one has them, at every level where both list a key: its samples are then events the old
 * plan can accept (`{ plan: '' }` required before, `meta` typed after: `{ plan: '', meta: 0 }`).
 */
export function withOldRequired(after: Schema, before: Schema): Schema {
  if (!isObject(after.properties) && !Array.isArray(before.required)) return after
  const was = isObject(before.properties) ? before.properties : {}
  const is = isObject(after.properties) ? after.properties : {}
  const properties: Record<string, unknown> = { ...is }
  for (const [key, schema] of Object.entries(is))
    if (Object.hasOwn(was, key) && isObject(schema) && isObject(was[key]))
      properties[key] = withOldRequired(schema, was[key])
  const required = new Set(Array.isArray(after.required) ? (after.required as string[]) : [])
  for (const key of Array.isArray(before.required) ? (before.required as string[]) : [])
    if (!Object.hasOwn(is, key)) {
      if (Object.hasOwn(was, key)) properties[key] = was[key]
      required.add(key)
    }
  return { ...after, properties, required: [...required] } as Schema
}
