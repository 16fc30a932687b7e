const MAX_MESSAGE = 200

/** Cuts a message to 200 characters (error messages can carry whole payloads), or to `max`. */
export const truncate = (text: string, max = MAX_MESSAGE): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text

/** A long token mixing letters and digits (an API key, a session id), found in one pass. */
const scrubToken = (token: string): string =>
  /\d/.test(token) && /[A-Za-z]/.test(token) ? '[secret]' : token

type Scrubber = readonly [pattern: RegExp, replacement: string | ((match: string) => string)]

// What an error message may carry that must not be recorded: addresses, card and phone
// numbers, and credentials. Order matters: tokens before digit runs. No pattern nests
// quantifiers, so none can take more than linear time on what an app throws.
const SCRUBBERS: readonly Scrubber[] = [
  [/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi, '[email]'],
  [
    /\b(bearer|basic|token|apikey|api_key|key|secret|password)([\s:=]+)[^\s,;'"]+/gi,
    '$1$2[secret]',
  ],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[secret]'], // a JWT
  [/[A-Za-z0-9_-]{24,}/g, scrubToken], // long mixed tokens
  [/\+?\d[\d\s().-]{6,}\d/g, '[number]'], // card, phone and account numbers: 8+ digits
]

/** How much of a message is scrubbed at all: more than is ever recorded, so no cut shows. */
const SCRUBBED_LENGTH = MAX_MESSAGE * 4

/** Replaces emails, long digit runs (card, phone numbers) and credential-looking tokens in a message. */
export function scrubMessage(text: string): string {
  let out = text.slice(0, SCRUBBED_LENGTH)
  for (const [pattern, replacement] of SCRUBBERS)
    out =
      typeof replacement === 'string'
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement)
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
  if (error instanceof Error) {
    // an error's name and message may be getters that throw: the error is still recorded
    let errorName = 'Error'
    let message = '[Unreadable]'
    try {
      errorName = String(error.name)
      message = clean(String(error.message))
    } catch {
      // what could be read is kept
    }
    return { errorName, message }
  }
  if (typeof error === 'string') return { errorName: 'string', message: clean(error) }
  let message: string
  try {
    message = JSON.stringify(error) ?? String(error)
  } catch {
    message = Object.prototype.toString.call(error)
  }
  return { errorName: error === null ? 'null' : typeof error, message: clean(message) }
}
