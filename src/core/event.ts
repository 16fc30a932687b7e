// The event and its parts, as data: what the tracker makes, the plan checks and every sink
// receives. A leaf module (it imports nothing), so that the plan's types and the tracker's
// types can both build on it without importing each other.

/** A value that survives `JSON.stringify` unchanged. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** Event properties after sanitizing: JSON-safe, as every sink receives them. */
export type Properties = { [key: string]: JsonValue }

/**
 * What callers may pass as properties. Anything goes in: values are made JSON-safe at the
 * boundary (Dates become ISO strings, Maps objects, functions are dropped, …), never by
 * throwing into the app.
 */
export type PropertiesInput = { readonly [key: string]: unknown }

export type EventType = 'track' | 'page' | 'identify' | 'alias'

export interface PageContext {
  path: string
  url: string
  title: string
  referrer: string
  search: string
}

export interface EventContext {
  library: { name: 'trackplan'; version: string }
  page?: PageContext
  locale?: string
  timezone?: string
  userAgent?: string
  screen?: { width: number; height: number; density: number }
}

/** The Segment-spec envelope every sink receives. Frozen: sinks may read it, never change it. */
export interface TrackedEvent {
  readonly type: EventType
  /** track: the event name ("Viewed Pricing"); page: the page name, if any. */
  readonly event?: string
  readonly properties: Properties
  /** identify only. */
  readonly traits?: Properties
  readonly userId: string | null
  readonly anonymousId: string
  /** alias only. */
  readonly previousId?: string
  /** Unique per event and stable across retries, so collectors can dedupe. */
  readonly messageId: string
  /** ISO 8601: when it happened. */
  readonly timestamp: string
  readonly context: EventContext
}

/** Where an event may end when it is not delivered. Every drop is counted and reported. */
export type DropReason =
  'consent' | 'overflow' | 'validation' | 'size' | 'invalid' | 'middleware' | 'closed' | 'delivery'

/** A mismatch between an event and the tracking plan. */
export interface Violation {
  /**
   * What kind of problem: `unplanned`, `missing`, `type`, `enum`, `unexpected`, `naming`, `schema`,
   * `duplicate`; `malformed` for an envelope that is no well-formed track call (what a collector
   * may receive), `plan` for a spec in the plan no check can be built from (`{ plan: null }`).
   */
  kind: string
  event: string
  property?: string
  message: string
}

/**
 * Whether a kind of violation is about the event's name rather than one of its properties
 * (`unplanned`, `naming`, `duplicate`): the name is what it points at.
 */
export const isAboutName = (kind: string): boolean =>
  kind === 'unplanned' || kind === 'naming' || kind === 'duplicate'

/**
 * Whether a kind of violation is the plan's own doing (`naming`, `duplicate`, `plan`): a planned
 * name against the naming convention or near another planned name, a spec no check can be built
 * from. The event cannot fix them, so a collector in `block` mode flags them and keeps it.
 */
export const isPlanFault = (kind: string): boolean =>
  kind === 'naming' || kind === 'duplicate' || kind === 'plan'
