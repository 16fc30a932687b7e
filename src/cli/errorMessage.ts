import { describeError, truncate } from '../core/describeError'

/**
 * A message the command line prints whole: its advice comes last (what to install, what to
 * run instead), and a message cut at the 200 characters kept for recorded errors lost it
 * after a long folder path. Still bounded: a driver's error may quote what it was given.
 */
const MAX_TERMINAL_MESSAGE = 2000

/** What went wrong, for the person at the terminal: the whole message, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    try {
      return truncate(String(error.message), MAX_TERMINAL_MESSAGE)
    } catch {
      // a message getter that throws: described as anything else is
    }
  }
  return describeError(error, false).message
}
