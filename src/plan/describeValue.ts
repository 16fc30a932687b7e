import { truncate } from '../core/describeError'

// Names and values in messages come from whoever sent the event: a collector meets megabyte
// names and values nested thousands of levels deep. Messages quote a bounded part of them.
const QUOTED_LENGTH = 100
const SHOWN_DEPTH = 3

/** A name as messages quote it: `"Viewed Pricing"`, cut past 100 characters. */
export const quote = (name: string): string => `"${truncate(name, QUOTED_LENGTH)}"`

/** What a value is: `a string`, `an array`, `an object`, `null`. */
export const kindOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : `a ${typeof value}`

/** One value as JSON (a bigint as `10n`), no deeper than `SHOWN_DEPTH`, stopping once `room` is spent. */
function write(value: unknown, depth: number, room: { left: number }): string {
  let text: string
  if (room.left <= 0) text = '…'
  else if (typeof value === 'string')
    text = JSON.stringify(value.length > QUOTED_LENGTH ? value.slice(0, QUOTED_LENGTH) : value)
  else if (typeof value === 'bigint') text = `${value}n`
  else if (typeof value === 'function') text = '[function]'
  else if (value === null || typeof value !== 'object') text = String(value)
  else if (depth >= SHOWN_DEPTH) text = Array.isArray(value) ? '[…]' : '{…}'
  else if (Array.isArray(value)) {
    const items: string[] = []
    for (const item of value) {
      items.push(write(item, depth + 1, room))
      if (room.left <= 0) break
    }
    text = `[${items.join(',')}]`
  } else {
    const entries: string[] = []
    for (const key of Object.keys(value)) {
      entries.push(
        `${write(key, depth + 1, room)}:${write((value as Record<string, unknown>)[key], depth + 1, room)}`,
      )
      if (room.left <= 0) break
    }
    text = `{${entries.join(',')}}`
  }
  room.left -= text.length
  return text
}

/** A value as messages show it: JSON-like, at most 100 characters, whatever its size or depth. */
export function preview(value: unknown): string {
  try {
    return truncate(write(value, 0, { left: QUOTED_LENGTH }), QUOTED_LENGTH)
  } catch {
    // a getter that throws, a revoked proxy: only in-process callers can pass those
    return '[unreadable]'
  }
}

/** `a number (42)`, `an array ([1])`, `null`: what a value is, and a glimpse of it. */
export const describeValue = (value: unknown): string =>
  value === null ? 'null' : `${kindOf(value)} (${preview(value)})`
