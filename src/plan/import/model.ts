import type { JsonValue } from '../../core/event'
import type { PropertyType } from '../types'

/**
 * A property on its way into a plan module: a plain spec (type, enum, nested), or a zod
 * expression where the plan's own terms cannot say it (a pattern, bounds, a union, null).
 */
export interface ImportedProperty {
  type?: PropertyType
  enum?: JsonValue[]
  required?: boolean
  description?: string
  properties?: NamedProperty[]
  additionalProperties?: false
  items?: ImportedProperty
  /** Set when the property is written as zod: the expression, `z.string().regex(/^o-/)`. */
  zod?: string
}

/** A property with the name an event or an object gives it. */
export interface NamedProperty {
  name: string
  property: ImportedProperty
}

export interface ImportedEvent {
  name: string
  description?: string
  trigger?: string
  owner?: string
  additionalProperties?: false
  properties: NamedProperty[]
}

export interface ImportedPlan {
  events: ImportedEvent[]
  contextProperties?: NamedProperty[]
}

/** What the import did not carry over as is: read it before trusting the plan. */
export interface ImportNote {
  /**
   * `dropped`: not in the plan at all; `schema`: kept as a zod schema; `check`: what
   * `trackplan check` reports; `note`: for information.
   */
  kind: 'dropped' | 'schema' | 'check' | 'note'
  event?: string
  property?: string
  message: string
}

export type Notes = ImportNote[]

export const note = (
  notes: Notes,
  kind: ImportNote['kind'],
  message: string,
  event?: string,
  property?: string,
): void =>
  void notes.push({
    kind,
    message,
    ...(event === undefined ? {} : { event }),
    ...(property === undefined ? {} : { property }),
  })
