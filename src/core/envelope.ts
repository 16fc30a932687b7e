import { currentContext } from './context'
import { uuid } from './ids'
import { layerProperties } from './properties'
import { sanitizeProperties, type Sanitized } from './sanitize'
import type { EventType, PropertiesInput, TrackedEvent } from './types'

/**
 * What an envelope weighs besides its properties and page (ids, timestamp, library, locale,
 * user agent, screen), rounded up: the size estimate must never undercount ASCII.
 */
const ENVELOPE_BYTES = 600

let lastMs = -1
let lastIso = ''
let minuteStart = NaN
/** `2026-12-02T04:15:`: what each timestamp in the minute from `minuteStart` begins with. */
let minutePrefix = ''

/**
 * `new Date(ms).toISOString()`: the date and minute formatted once a minute, seconds and
 * milliseconds written here — nearly every event, a click after an idle moment, falls on a new
 * millisecond, and `toISOString` was the costliest part of stamping it.
 */
export function isoTime(ms: number): string {
  const into = ms - minuteStart
  if (into >= 0 && into < 60_000 && into % 1 === 0) {
    // "1SSsss": seconds and milliseconds, zero-padded, in one conversion
    const digits = String(100_000 + into)
    return `${minutePrefix}${digits.slice(1, 3)}.${digits.slice(3)}Z`
  }
  const iso = new Date(ms).toISOString()
  // a whole millisecond of years 0–9999 (`YYYY-MM-DDTHH:MM:SS.sssZ`): its minute is kept
  if (ms % 1 === 0 && iso.length === 24) {
    minuteStart = ms - (((ms % 60_000) + 60_000) % 60_000)
    minutePrefix = iso.slice(0, 17)
  }
  return iso
}

/** The timestamp of now, formatted once per millisecond: bursts of events share it. */
const isoNow = (): string => {
  const ms = Date.now()
  if (ms !== lastMs) {
    lastMs = ms
    lastIso = isoTime(ms)
  }
  return lastIso
}

/** Who an envelope is about. */
export interface Who {
  userId: string | null
  anonymousId: string
}

/** An envelope before the pipeline: not frozen yet, with its size estimate and unreadable paths. */
export interface Draft {
  event: TrackedEvent
  /** Bytes of JSON, estimated: exact for ASCII, at most 6× under for other text. */
  estimate: number
  unreadable: string[] | undefined
}

/**
 * Builds an envelope (Segment spec): ids, timestamp and page context stamped, the tracker's
 * properties layered under the event's (not for identify and alias), everything made JSON-safe.
 */
export function buildEnvelope(
  who: Who,
  type: EventType,
  name: string | undefined,
  globals: PropertiesInput | undefined,
  properties: PropertiesInput | undefined,
  extra?: { traits?: Sanitized; previousId?: string },
): Draft {
  const { value, size, unreadable } = sanitizeProperties(
    type === 'track' || type === 'page' ? layerProperties(globals, properties) : properties,
  )
  const context = currentContext()
  const event: { -readonly [K in keyof TrackedEvent]: TrackedEvent[K] } = {
    type,
    properties: value,
    userId: who.userId,
    anonymousId: who.anonymousId,
    messageId: uuid(),
    timestamp: isoNow(),
    context,
  }
  if (name !== undefined) event.event = name
  const page = context.page
  let estimate =
    size +
    ENVELOPE_BYTES +
    (page ? page.url.length * 2 + page.title.length + page.referrer.length : 0)
  let unread = unreadable
  const traits = extra?.traits
  if (traits) {
    event.traits = traits.value
    estimate += traits.size
    if (traits.unreadable) unread = [...(unread ?? []), ...traits.unreadable]
  }
  if (extra?.previousId !== undefined) event.previousId = extra.previousId
  return { event, estimate, unreadable: unread }
}
