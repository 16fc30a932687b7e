import { note, type Notes } from './model'

/** Which JSON Schema a document is written in: where they differ, they read tuples apart. */
export type Draft = 'draft-07' | '2020-12'

/** Where a schema is, for the notes: its event, its path in the event's properties, its draft. */
export interface ZodPlace {
  event: string
  path: string
  notes: Notes
  draft: Draft
  /**
   * The types the enclosing schema allows: a subschema of its `allOf`/`anyOf`/`oneOf`
   * without a `type` of its own is read within them (`{ type: 'string', anyOf: [{ pattern }] }`).
   */
  within?: readonly string[]
  /**
   * The schema is one part of a zod `.and()`: a closed object then checks its keys without
   * `z.strictObject` (zod's intersection lets a key one side rejects through).
   */
  conjoined?: boolean
}

/** The place one step down (`.key`, `[]`, `|0`): what the enclosing schema said stays behind. */
export const inside = (at: ZodPlace, step: string): ZodPlace => {
  const { within: _types, conjoined: _conjoined, ...place } = at
  return { ...place, path: `${at.path}${step}` }
}

/** Reports a construct the plan does not keep: what it accepts is wider than the schema. */
export function noteDropped(at: ZodPlace, what: string): void {
  note(
    at.notes,
    'dropped',
    `${what} was not imported (no plan or zod equivalent here)`,
    at.event,
    at.path,
  )
}
