import { csvCell } from '../../plan/cells'
import type { TrackedEvent } from '../../core/types'
import type { PanelEvent } from '../types'

/** "plan=pro · price=49 · …": the first few properties, short. */
export function keyProperties(event: TrackedEvent, max = 3): string {
  const entries = Object.entries(
    event.type === 'identify' ? (event.traits ?? {}) : event.properties,
  )
  const shown = entries
    .slice(0, max)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
  return shown.join(' · ') + (entries.length > max ? ` · +${entries.length - max}` : '')
}

export const eventLabel = (event: TrackedEvent): string =>
  event.type === 'track'
    ? (event.event ?? '')
    : `${event.type}${event.event ? ` ${event.event}` : event.userId ? ` ${event.userId}` : ''}`

export interface Row {
  item: PanelEvent
  /** Identical events in a row, collapsed into this one. */
  count: number
}

/** Newest first, consecutive repeats (same name, properties and status) collapsed with a count. */
export function collapseRepeats(items: readonly PanelEvent[]): Row[] {
  const rows: Row[] = []
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!
    const last = rows[rows.length - 1]
    const same =
      last &&
      eventLabel(last.item.event) === eventLabel(item.event) &&
      last.item.status === item.status &&
      JSON.stringify(last.item.event.properties) === JSON.stringify(item.event.properties)
    if (same) last.count++
    else rows.push({ item, count: 1 })
  }
  return rows
}

export function matches(item: PanelEvent, filter: string): boolean {
  if (!filter) return true
  const needle = filter.toLowerCase()
  return (eventLabel(item.event) + ' ' + JSON.stringify(item.event.properties) + ' ' + item.status)
    .toLowerCase()
    .includes(needle)
}

/** The session as CSV: one row per event. */
export function sessionCsv(items: readonly PanelEvent[]): string {
  const header = [
    'timestamp',
    'type',
    'event',
    'status',
    'reasons',
    'properties',
    'userId',
    'anonymousId',
    'messageId',
  ]
  const lines = items.map((i) =>
    [
      i.event.timestamp,
      i.event.type,
      i.event.event ?? '',
      i.status,
      i.reasons.join('; '),
      JSON.stringify(i.event.properties),
      i.event.userId ?? '',
      i.event.anonymousId,
      i.event.messageId,
    ]
      .map(csvCell)
      .join(','),
  )
  return [header.join(','), ...lines].join('\n') + '\n'
}

/** The session as JSON: the envelopes with their status. */
export const sessionJson = (items: readonly PanelEvent[]): string =>
  JSON.stringify(
    items.map((i) => ({ ...i.event, status: i.status, reasons: i.reasons })),
    null,
    2,
  )

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** A value as JavaScript source: `{ plan: 'pro', seats: 3 }`. */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
    if (entries.length === 0) return '{}'
    return `{ ${entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : `'${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`}: ${literal(v)}`).join(', ')} }`
  }
  if (typeof value === 'string')
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
  return JSON.stringify(value) ?? 'undefined'
}

/**
 * "Copy as test": an assertion for trackplan/testing that the event was tracked, ready to
 * paste into a test whose test tracker is named `tracking`.
 */
export function testSnippet(event: TrackedEvent): string {
  if (event.type === 'track') {
    const props = Object.keys(event.properties).length ? `, ${literal(event.properties)}` : ''
    return `expect(tracking).toHaveTracked(${literal(event.event)}${props})`
  }
  const who =
    event.type === 'page'
      ? { type: 'page', ...(event.event ? { event: event.event } : {}) }
      : event.type === 'identify'
        ? { type: 'identify', userId: event.userId }
        : { type: 'alias', userId: event.userId }
  return `expect(tracking.events()).toContainEqual(expect.objectContaining(${literal(who)}))`
}
