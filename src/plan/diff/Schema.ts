/** A property's JSON Schema, as `describeProperty` gives it. */
export type Schema = Record<string, unknown>
