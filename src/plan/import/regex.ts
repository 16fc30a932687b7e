/** Characters a regular expression literal cannot hold as they are, and their escapes. */
const ESCAPES: Record<string, string> = {
  '/': '\\/',
  '\n': '\\n',
  '\r': '\\r',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * A JSON Schema `pattern` as a TypeScript regular expression literal with the `u` flag:
 * JSON Schema patterns are ECMA-262 with unicode semantics, as ajv compiles them. What the
 * pattern escapes stays escaped; a `/` or a line break it holds as is gets an escape (both
 * mean the same under `u`). `undefined` when the pattern is no unicode regular expression.
 */
export function regexLiteral(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u')
  } catch {
    return undefined
  }
  let body = ''
  const chars = Array.from(pattern) // by code point: a surrogate alone is one entry
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    if (c === '\\') body += c + chars[++i]!
    // a lone surrogate cannot be written to a UTF-8 file: its escape means the same
    else if (/^\p{Cs}$/u.test(c)) body += `\\u${c.charCodeAt(0).toString(16)}`
    else body += ESCAPES[c] ?? c
  }
  // `//u` would be a comment: the empty pattern matches everywhere, as `(?:)` does
  return `/${body || '(?:)'}/u`
}
