import type { JsonValue } from '../core/event'
import { MAX_EVENT_BYTES } from '../core/pipeline'
import { utf8Bytes } from '../core/utf8'
import { own } from '../plan/compileEvent'
import { describeValue, kindOf, quote } from '../plan/describeValue'
import { isRecord } from '../plan/specShape'
import { MAX_FIELD_DEPTH, tooDeep } from './tooDeep'
import { mayBeUnstorable, storableValue } from './store/storableJson'
import type { JsonObject } from './store/Store'

// One envelope of a batch, read as whatever a sender posted: the fields the collector relies
// on checked, its text made storable, its timestamp corrected by the batch's sentAt.

/** Longest messageId kept: a UUID is 36 characters, analytics.js's ids about 50. */
export const MAX_MESSAGE_ID = 128

/** Segment's calls. */
const CALL_TYPES: readonly unknown[] = ['track', 'page', 'screen', 'identify', 'group', 'alias']

/** When the batch arrived, and when its sender says it sent it. */
export interface BatchTimes {
  receivedAt: Date
  sentAt: Date | undefined
}

/** An envelope the collector keeps, and what it reads from it. */
export interface ReadEnvelope {
  ok: true
  envelope: JsonObject
  messageId: string
  type: string
  event: string | null
  /** ISO 8601, corrected by sentAt. */
  timestamp: string
}

/** An envelope the collector refuses: why, and its messageId when it has a usable one. */
export interface Rejection {
  ok: false
  reason: string
  messageId?: string
}

const reject = (reason: string, messageId?: string): Rejection =>
  messageId === undefined ? { ok: false, reason } : { ok: false, reason, messageId }

/**
 * A date-time as ISO 8601 writes it (a date alone too): its date, time and zone. Other formats
 * parse differently per engine.
 */
const ISO_8601 =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i

/** Whether `YYYY-MM-DD` names a day of the calendar: `Date.parse` moves February 30th to March. */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return days !== undefined && day >= 1 && day <= days
}

/**
 * An ISO 8601 time as milliseconds since the epoch, or undefined. A time without a zone is UTC,
 * as Segment's spec has every timestamp: `Date.parse` would read it in the server's own zone.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined
  const parts = ISO_8601.exec(value)
  if (!parts) return undefined
  const [, date, time, zone] = parts
  if (!isCalendarDate(date!)) return undefined
  const ms = Date.parse(time === undefined ? date! : `${date}T${time}${zone ?? 'Z'}`)
  return Number.isFinite(ms) ? ms : undefined
}

/** Years a database's timestamp and `toISOString` agree on. */
export const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z') // Date.UTC reads year 1 as 1901
export const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/**
 * Segment's rule: `timestamp + (receivedAt − sentAt)` (the sender's clock skew taken out);
 * the timestamp as given without a sentAt; receivedAt without a timestamp.
 */
function correctedTime(timestamp: number | undefined, { receivedAt, sentAt }: BatchTimes): number {
  if (timestamp === undefined) return receivedAt.getTime()
  return sentAt ? timestamp + (receivedAt.getTime() - sentAt.getTime()) : timestamp
}

/** The messageId, or why it is unusable. */
function messageIdOf(envelope: Record<string, unknown>): string | Rejection {
  const messageId = own(envelope, 'messageId')
  if (typeof messageId !== 'string' || messageId === '')
    return reject(
      `messageId must be a non-empty string (the collector keeps each event once per messageId), got ${messageId === undefined ? 'none' : describeValue(messageId)}`,
    )
  if (messageId.length > MAX_MESSAGE_ID)
    return reject(`messageId is ${messageId.length} characters; at most ${MAX_MESSAGE_ID}`)
  return messageId
}

/**
 * The fields that must be objects where given; null is none (RudderStack's SDK sends
 * `properties: null` on its calls other than track).
 */
const OBJECT_FIELDS = ['properties', 'traits', 'context'] as const

/** Why the fields the collector relies on are unusable, or undefined. */
function fieldProblem(envelope: Record<string, unknown>): string | undefined {
  const type = own(envelope, 'type')
  if (!CALL_TYPES.includes(type))
    return `type must be one of track, page, screen, identify, group, alias; got ${type === undefined ? 'none' : describeValue(type)}`
  const event = own(envelope, 'event')
  if (type === 'track' && (typeof event !== 'string' || event === ''))
    return `a track call needs an event name (a non-empty string), got ${event === undefined ? 'none' : describeValue(event)}`
  if (event !== undefined && event !== null && typeof event !== 'string')
    return `event must be a string, got ${describeValue(event)}`
  const userId = own(envelope, 'userId')
  const anonymousId = own(envelope, 'anonymousId')
  for (const [name, id] of [
    ['userId', userId],
    ['anonymousId', anonymousId],
  ] as const)
    if (id !== undefined && id !== null && typeof id !== 'string')
      return `${name} must be a string or null, got ${describeValue(id)}`
  if (!userId && !anonymousId) return 'an event needs a userId or an anonymousId, got neither'
  for (const name of OBJECT_FIELDS) {
    const value = own(envelope, name)
    if (value !== undefined && value !== null && !isRecord(value))
      return `${name} must be an object, got ${describeValue(value)}`
  }
  return undefined
}

/**
 * The sender's clock: its `timestamp`, else its `originalTimestamp` (RudderStack's SDK sends
 * only that one), named for what a refusal says.
 */
function senderTime(envelope: Record<string, unknown>): { name: string; given: unknown } {
  const timestamp = own(envelope, 'timestamp')
  return timestamp === undefined
    ? { name: 'originalTimestamp', given: own(envelope, 'originalTimestamp') }
    : { name: 'timestamp', given: timestamp }
}

/**
 * The envelope's time corrected by the batch's sentAt, as ISO 8601, or why it cannot be:
 * the sender's time must be ISO 8601, and the corrected time within years 1–9999.
 */
function timestampOf(envelope: Record<string, unknown>, times: BatchTimes): string | Rejection {
  const { name, given } = senderTime(envelope)
  const timestamp = parseTime(given)
  if (given !== undefined && timestamp === undefined)
    return reject(`${name} must be an ISO 8601 date-time, got ${describeValue(given)}`)
  const corrected = correctedTime(timestamp, times)
  if (!(corrected >= EARLIEST && corrected <= LATEST))
    return reject(
      `${name} ${quote(String(given))} falls outside years 1–9999 once corrected by the batch's sentAt`,
    )
  return new Date(corrected).toISOString()
}

/**
 * The envelope as kept: its text storable as the store keeps it (NUL and lone surrogates as
 * U+FFFD, so that a retry's messageId is the stored one), null properties, traits and context
 * left out, `timestamp` the corrected one and the sender's own kept as `originalTimestamp`
 * (Segment's names) when they differ — a sender's own `originalTimestamp` is kept as it is.
 */
function keptEnvelope(envelope: JsonObject, timestamp: string, json: string): JsonObject {
  const kept: JsonObject = {
    ...(mayBeUnstorable(json) ? (storableValue(envelope) as JsonObject) : envelope),
    timestamp,
  }
  for (const name of OBJECT_FIELDS) if (own(kept, name) === null) delete kept[name]
  const given = own(envelope, 'timestamp')
  if (given === timestamp || given === undefined || own(kept, 'originalTimestamp') !== undefined)
    return kept
  return { ...kept, originalTimestamp: given as JsonValue }
}

/** JSON over MAX_EVENT_BYTES of UTF-8, its bytes counted only where its length leaves it in doubt. */
const overLimit = (json: string): boolean =>
  json.length > MAX_EVENT_BYTES ||
  (json.length * 3 > MAX_EVENT_BYTES && utf8Bytes(json) > MAX_EVENT_BYTES)

/** Most the collector adds to an envelope: `timestamp` written in full, an `originalTimestamp`. */
const MOST_ADDED = 128

const overLimitMessage = (json: string): string =>
  `its JSON is over the ${MAX_EVENT_BYTES}-byte limit (${json.length} characters)`

/**
 * The envelope as kept, within MAX_EVENT_BYTES as stored and forwarded (the next hop holds it to
 * the same limit): an `originalTimestamp` the collector would add is left out where it does not
 * fit; an envelope still over it is refused.
 */
function withinLimit(
  envelope: JsonObject,
  kept: JsonObject,
  json: string,
  messageId: string,
): { ok: true; kept: JsonObject } | Rejection {
  // the additions cannot take a short envelope over the limit
  if ((json.length + MOST_ADDED) * 3 <= MAX_EVENT_BYTES || !overLimit(JSON.stringify(kept)))
    return { ok: true, kept }
  const { originalTimestamp: _added, ...withoutAdded } = kept
  const trimmed = own(envelope, 'originalTimestamp') === undefined ? withoutAdded : kept
  const trimmedJson = JSON.stringify(trimmed)
  return overLimit(trimmedJson)
    ? reject(`${overLimitMessage(trimmedJson)} once its timestamp is written in full`, messageId)
    : { ok: true, kept: trimmed }
}

/**
 * Reads one envelope of a batch: an object its fields nested no deeper than the tracker nests
 * properties, and at most 32 KB of JSON as kept (the tracker's own limit), with a messageId, a
 * known type, an event name for a track call, a userId or an anonymousId, object properties,
 * traits and context, and an ISO 8601 timestamp if any. Never throws.
 */
export function readEnvelope(value: unknown, times: BatchTimes): ReadEnvelope | Rejection {
  if (!isRecord(value)) return reject(`an envelope must be an object, got ${kindOf(value)}`)
  const id = messageIdOf(value)
  const messageId = typeof id === 'string' ? id : undefined
  if (tooDeep(value))
    return reject(`its fields are nested deeper than ${MAX_FIELD_DEPTH} levels`, messageId)
  const json = JSON.stringify(value)
  if (overLimit(json)) return reject(overLimitMessage(json), messageId)
  if (typeof id !== 'string') return id
  const problem = fieldProblem(value)
  if (problem) return reject(problem, messageId)
  const timestamp = timestampOf(value, times)
  if (typeof timestamp !== 'string') return { ...timestamp, messageId: id }
  const within = withinLimit(
    value as JsonObject,
    keptEnvelope(value as JsonObject, timestamp, json),
    json,
    id,
  )
  if (!within.ok) return within
  const envelope = within.kept
  // the messageId as kept: a repaired one is the same for every retry of the event
  const keptId = own(envelope, 'messageId') as string
  const type = own(envelope, 'type') as string
  return {
    ok: true,
    envelope,
    messageId: keptId,
    type,
    event: type === 'track' ? (own(envelope, 'event') as string) : null,
    timestamp,
  }
}
