const MAX_MESSAGE = 200

/** Cuts a message to 200 characters (error messages can carry whole payloads). */
export const truncate = (text: string): string => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text)

/** An error's name and message (truncated), whatever was thrown: an Error, a string, an object, null. */
export function describeError(error: unknown): { errorName: string; message: string } {
  if (error instanceof Error) return { errorName: error.name, message: truncate(error.message) }
  if (typeof error === 'string') return { errorName: 'string', message: truncate(error) }
  let message: string
  try {
    message = JSON.stringify(error) ?? String(error)
  } catch {
    message = Object.prototype.toString.call(error)
  }
  return { errorName: error === null ? 'null' : typeof error, message: truncate(message) }
}
