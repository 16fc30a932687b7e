import type { TrackedEvent } from '../../core/types'
import { utf8Bytes } from '../../core/utf8'

/**
 * A queued event: its JSON and UTF-8 size worked out once, where it is persisted, and where it is.
 */
export interface Item {
  event: TrackedEvent
  json: string
  size: number
  /** The storage key of the segment that holds it, once written. */
  segment?: string
  /** Not yet persisted: when it is to be written (ms since the epoch; 0 at the next write). */
  writeBy?: number
  /** In a request now. */
  sending?: boolean
  /**
   * Consent was denied while it was in a request: its answer still counts (delivered), but it
   * is never sent again.
   */
  discarded?: boolean
  /**
   * Another tab adopted this tab's persisted queue while it was in a request: its fate is that
   * tab's (its answer here is only counted as delivered).
   */
  elsewhere?: boolean
}

/** Any UTF-16 code unit past ASCII (surrogates included). */
const NON_ASCII = /[\u0080-\uffff]/

/** The last shared context seen, and its JSON: events of one page share one frozen context. */
let lastContext: object | undefined
let lastContextJson = ''

/**
 * An event's JSON, its context made JSON once per context object (most of an event's bytes:
 * user agent, page, screen).
 */
const eventJson = (event: TrackedEvent): string => {
  const { context } = event
  if (!context || !Object.isFrozen(context)) return JSON.stringify(event)
  if (context !== lastContext) {
    lastContextJson = JSON.stringify(context)
    lastContext = context
  }
  const rest = JSON.stringify({ ...event, context: undefined })
  return `${rest.slice(0, -1)},"context":${lastContextJson}}`
}

/**
 * An event as the queue keeps it: its JSON and UTF-8 size worked out once (ASCII, the common
 * case, is a byte a character).
 */
export const toItem = (event: TrackedEvent): Item => {
  const json = eventJson(event)
  return { event, json, size: NON_ASCII.test(json) ? utf8Bytes(json) : json.length }
}
