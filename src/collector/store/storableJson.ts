// PostgreSQL's text and jsonb cannot hold every JavaScript string: NUL (U+0000) is refused
// in both, and so is a lone UTF-16 surrogate in jsonb (JSON.stringify writes it as an
// escape, and jsonb only takes escapes of whole code points). An envelope is whatever a
// client sent, so the store keeps such strings with U+FFFD in place of what it cannot hold
// rather than refuse the batch they came in (decision 0140).

// what JSON.stringify writes for NUL and for a surrogate (a pair is written as it is)
const UNSTORABLE_ESCAPE = /\\u0000|\\ud[89a-f]/i
const UNSTORABLE_CHARACTER =
  // eslint-disable-next-line no-control-regex -- NUL is what it looks for
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

const storableString = (text: string): string => text.replace(UNSTORABLE_CHARACTER, '\uFFFD')

/** `value` with every string (keys included) storable; the result of JSON.parse is the model of a value. */
export function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableString(value)
  if (Array.isArray(value)) return value.map(storableValue)
  if (value !== null && typeof value === 'object')
    // fromEntries defines each key, so `__proto__` stays an own key, as JSON.parse made it
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [storableString(key), storableValue(entry)]),
    )
  return value
}

/**
 * Whether a value's JSON (as JSON.stringify wrote it) may hold what PostgreSQL cannot store:
 * almost always false, and then the value is storable as it is.
 */
export const mayBeUnstorable = (json: string): boolean => UNSTORABLE_ESCAPE.test(json)

/** `JSON.stringify(value)`, with what PostgreSQL cannot store replaced by U+FFFD. */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value)
  // almost always false: then the JSON text is already storable, with no second walk
  return mayBeUnstorable(json) ? JSON.stringify(storableValue(value)) : json
}

/** `text` as PostgreSQL stores it (the key a messageId is deduplicated by). */
export { storableString }
