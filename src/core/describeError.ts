const MAX_MESSAGE = 200

/** Cuts a message to 200 characters (error messages can carry whole payloads). */
export const truncate = (text: string): string =>
  text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text

// What an error message may carry that must not be recorded: addresses, card and phone
// numbers, and credentials. Order matters: tokens before digit runs.
const SCRUBBERS: readonly [RegExp, string][] = [
  [/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi, '[email]'],
  [
    /\b(bearer|basic|token|apikey|api_key|key|secret|password)([\s:=]+)[^\s,;'"]+/gi,
    '$1$2[secret]',
  ],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[secret]'], // a JWT
  [
    /\b[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]{22,}\b|\b[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]*\d[A-Za-z0-9_-]{22,}\b/g,
    '[secret]',
  ], // long mixed tokens
  [/\+?\d[\d\s().-]{6,}\d/g, '[number]'], // card, phone and account numbers: 8 or more digits with separators
]

/** Replaces emails, long digit runs (card, phone numbers) and credential-looking tokens in a message. */
export function scrubMessage(text: string): string {
  let out = text
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement)
  return out
}

/**
 * An error's name and message (scrubbed, then truncated), whatever was thrown: an Error, a
 * string, an object, null. `scrub: false` keeps the message as thrown.
 */
export function describeError(
  error: unknown,
  scrub = true,
): { errorName: string; message: string } {
  const clean = (text: string): string => truncate(scrub ? scrubMessage(text) : text)
  if (error instanceof Error)
    return { errorName: error.name, message: clean(String(error.message)) }
  if (typeof error === 'string') return { errorName: 'string', message: clean(error) }
  let message: string
  try {
    message = JSON.stringify(error) ?? String(error)
  } catch {
    message = Object.prototype.toString.call(error)
  }
  return { errorName: error === null ? 'null' : typeof error, message: clean(message) }
}
