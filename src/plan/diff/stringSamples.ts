import type { JsonValue } from '../../core/event'
import type { Schema } from './Schema'

// Strings worth trying against two versions of a string property (see samples.ts).

/** A value of each format a schema may name. */
const FORMATS: Record<string, string> = {
  email: 'someone@example.com',
  uri: 'https://example.com/a',
  url: 'https://example.com/a',
  'date-time': '2026-01-02T03:04:05Z',
  date: '2026-01-02',
  time: '03:04:05Z',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  ipv4: '127.0.0.1',
}

/** A schema's number keyword, if it is a number. */
export const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined

/**
 * Strings a pattern may accept: its literal start (`^ord-` → `ord-`, `ord-a`, `ord-1`). A
 * pattern with no literal start gives none; the other samples may still fit it.
 */
function patternStrings(pattern: unknown): string[] {
  if (typeof pattern !== 'string' || !pattern.startsWith('^')) return []
  const start = /^\^((?:[^\\^$.|?*+()[\]{}]|\\[-./:@#])*)/.exec(pattern)?.[1] ?? ''
  const literal = start.replace(/\\(.)/g, '$1')
  return literal ? ['', 'a', '1', 'A', 'abc', '123', 'a-1'].map((tail) => literal + tail) : []
}

/** Strings for a string schema: the likeliest valid first, then its edges and every format. */
export function strings(schema: Schema): JsonValue[] {
  const lengths = [num(schema.minLength), num(schema.maxLength)]
    .filter((n): n is number => n !== undefined && n < 10_000)
    .flatMap((n) => [n, n + 1, Math.max(0, n - 1)])
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined
  // the likeliest valid first: the format's, the pattern's, as short as allowed
  return [
    ...(format ? [format] : []),
    ...patternStrings(schema.pattern),
    // a URL of another scheme and host: `z.httpUrl()` is `format: "uri"` as `z.url()` is
    ...(format === FORMATS.uri ? ['ftp://example.com/a', 'http://localhost:3000'] : []),
    'x'.repeat(Math.min(num(schema.minLength) ?? 0, 10_000)),
    '',
    'a',
    'A',
    'Alice',
    'text',
    'ab1',
    ...lengths.map((n) => 'x'.repeat(n)),
    ...Object.values(FORMATS),
  ]
}
