import type { RegisteredPlan, TrackFunction, TrackingPlan } from '../plan/types'
import type { DropReason, PropertiesInput, TrackedEvent, Violation } from './event'
import type { TrackplanError } from './TrackplanError'

// The event's own data types live in ./event, a leaf the plan's types build on too; they are
// re-exported here so that './types' still names every type of the core.
export type {
  DropReason,
  EventContext,
  EventType,
  JsonValue,
  PageContext,
  Properties,
  PropertiesInput,
  TrackedEvent,
  Violation,
} from './event'
export type { TrackplanErrorCode } from './TrackplanError'

/** What `subscribe` listeners learn about an envelope besides the envelope itself. */
export interface EventInfo {
  violations: readonly Violation[]
  /** Set when the event was not handed to the sinks, and why. */
  dropped?: DropReason
  /** Set while consent is `pending`: the event waits in memory. */
  buffered?: boolean
}

export type Listener = (event: TrackedEvent, info: EventInfo) => void

/**
 * Contract: a destination receives frozen envelopes in order; it may not change them, and its
 * failure never halts the others.
 */
export interface Sink {
  /** Shown in error reports. */
  name: string
  /**
   * Called after `track()` returned, on a microtask, once per envelope (track, page, identify,
   * alias).
   */
  send(event: TrackedEvent): void | Promise<void>
  /** The user logged out (`tracker.reset()`): forget who they were. */
  reset?(): void
  /**
   * Consent was denied: drop everything queued or persisted, and what earlier pages left;
   * report each as dropped for `consent`.
   */
  discard?(): void
  /**
   * Consent was granted after the tracker started (see `SinkContext.consent` for the state at
   * setup): what earlier pages left may be sent now.
   */
  consentGranted?(): void
  /**
   * `true` for a sink that tells the tracker when the other side acknowledged an event
   * (`SinkContext.delivered`); any other sink has delivered an event once `send()` returned.
   */
  acknowledges?: boolean
  /**
   * Resolves when everything handed over was delivered or given up, or by `timeout` (ms) whatever
   * the other side does.
   */
  flush?(options?: FlushOptions): Promise<void>
  /**
   * Stop timers and listeners after a last flush (bounded by `timeout`); report what is given up
   * and not persisted as dropped.
   */
  close?(options?: FlushOptions): Promise<void>
  /**
   * Called once by the tracker: how the sink reports failures and drops, so that nothing is lost
   * silently.
   */
  setup?(context: SinkContext): void
  /**
   * Optional, for devtools (the Delivery tab): what the sink holds now. Pulled only while a devtool
   * shows it.
   */
  inspect?(): SinkInspection
  /** Optional, for devtools: hold every delivery (as if offline), or resume. */
  pause?(paused: boolean): void
}

/** What a sink holds, for devtools: the inspection contract (`Sink.inspect`). */
export interface SinkInspection {
  /** Events waiting to be sent (in flight included). */
  queued: number
  /** Events in the request now on the wire. */
  inFlight: number
  /** Events kept in storage, surviving a reload. */
  persisted: number
  /** Events the collector acknowledged. */
  delivered: number
  /** Events given up, by reason. */
  dropped: Partial<Record<DropReason, number>>
  /** A failed request waiting to be retried. */
  retry?: { attempt: number; nextAt: number; last: string }
  /** Deliveries held by `pause(true)` (or the browser being offline). */
  paused: boolean
}

/** A deadline for `flush()` and `close()`. */
export interface FlushOptions {
  /** Milliseconds; resolve by then whatever the collector does. Default: no deadline. */
  timeout?: number
}

/** What a tracker gives its sinks. */
export interface SinkContext {
  /** An internal failure, for `onError`. */
  report(error: Error): void
  /**
   * An event the sink gave up on: counted in `stats().dropped[reason]`, told to listeners and
   * `onError`.
   */
  dropped(event: TrackedEvent, reason: DropReason, message: string): void
  /** Events the other side acknowledged (a sink with `acknowledges: true`). */
  delivered(events: readonly TrackedEvent[]): void
  /**
   * Whether this tracker handed the event over and waits for its fate: a sink shared by several
   * trackers (a provider remounted around one sink) tells each its own events' drops.
   */
  awaits(event: TrackedEvent): boolean
  /**
   * Consent when the sink was set up: `'granted'` (send what earlier pages left now),
   * `'pending'` (wait for `consentGranted()` or `discard()`) or `'denied'` (Do Not Track
   * included: discard what earlier pages left).
   */
  consent: ConsentState
}

/**
 * Contract: enrichment may return a changed copy of the event, or `null` to drop it (sampling,
 * filtering).
 */
export type Middleware = (event: TrackedEvent) => TrackedEvent | null

export type ConsentState = 'granted' | 'pending' | 'denied'

export type ValidationMode = 'off' | 'warn' | 'drop' | 'throw'

/** The subset of the Web Storage API trackplan uses. */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** Counters of what happened to the events handed to a tracker. */
export interface TrackerStats {
  tracked: number
  /** Handed to the sinks: on its way, delivered, or dropped by a sink later. */
  sent: number
  /**
   * Delivered by every sink: acknowledged by the collector where the sink waits for that
   * (httpSink's 2xx), else handed over.
   */
  delivered: number
  dropped: Record<DropReason, number>
}

/**
 * A checker's answer: the violations found while `track()` runs, and `pending` when an
 * async schema answers later (the event then waits for it, in order, before delivery).
 */
export type CheckResult = readonly Violation[] & {
  readonly pending?: Promise<readonly Violation[]>
}

export type EventChecker = (event: TrackedEvent) => CheckResult

export interface TrackerOptions<Plan extends TrackingPlan = RegisteredPlan> {
  /**
   * The tracking plan: events are checked against it at runtime (see `validation`) and typed at
   * compile time.
   */
  plan?: Plan
  /** Where envelopes go. Each is isolated: one failing never stops the others. Default `[]`. */
  sinks?: Sink[]
  /**
   * Properties on every `track` and `page` event; provider, scope and call-site properties win over
   * them.
   */
  properties?: PropertiesInput
  /** `'granted'` (default) sends; `'pending'` buffers in memory; `'denied'` discards. */
  consent?: ConsentState
  /**
   * Maximum events buffered while consent is pending; the oldest are dropped (and reported) past
   * it. Default 100.
   */
  consentBufferSize?: number
  /**
   * Honour Do Not Track and Global Privacy Control: when either is on, nothing is sent. Default
   * `false`.
   */
  respectDoNotTrack?: boolean
  /**
   * `false`: devtools (the Storybook panel) do not list this tracker or its events. Default `true`.
   */
  devtools?: boolean
  /** Run in order after the plan check, before the sinks: enrich, redact, sample, filter. */
  middleware?: Middleware[]
  /** Where the anonymous and user ids live. Default `'localStorage'` (memory where unavailable). */
  storage?: 'localStorage' | 'memory' | StorageLike
  /**
   * Every internal failure, and every dropped event, goes here; never into the app. Default: a
   * development warning.
   */
  onError?: (error: TrackplanError) => void
  /** What happens on a plan violation. Default `'warn'` when there is a checker, else `'off'`. */
  validation?: ValidationMode
  /**
   * Checks each event against the plan (default: the checker `defineTrackingPlan` put on `plan`).
   */
  check?: EventChecker
}

export interface Tracker<Plan extends TrackingPlan = RegisteredPlan> {
  /**
   * Records an event. Synchronous and cheap: sinks run after it returns. Returns the
   * envelope, or `null` when it was dropped — or kept, before the tracker's engine (a lazy
   * chunk) has arrived, to be recorded then. Typed against the plan when there is one.
   */
  track: TrackFunction<Plan>
  /** Records a page view; the page's path, url, title, referrer and search join the properties. */
  page(name?: string, properties?: PropertiesInput): TrackedEvent | null
  /** Ties later events to a known user, with traits. */
  identify(userId: string, traits?: PropertiesInput): TrackedEvent | null
  /** Links a new id to the previous one (default: the current user id, else the anonymous id). */
  alias(newId: string, previousId?: string): TrackedEvent | null
  /**
   * Logout: a new anonymous id, no user id, and every sink's `reset()` (after the events already
   * tracked).
   */
  reset(): void
  setConsent(state: ConsentState): void
  getConsent(): ConsentState
  /** Hears every envelope, delivered, buffered or dropped. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void
  /**
   * Resolves when every sink has delivered or given up, or by `timeout` (ms) whatever the
   * collectors do; what is undelivered then stays queued (and persisted where it can be). Never
   * rejects.
   */
  flush(options?: FlushOptions): Promise<void>
  /**
   * Flushes, then closes every sink, within `timeout` (ms) when given; later events are
   * dropped (reported), and so are undelivered events that nothing persists.
   */
  close(options?: FlushOptions): Promise<void>
  /** Counters of tracked, delivered and dropped events. */
  stats(): TrackerStats
  readonly userId: string | null
  readonly anonymousId: string
  /**
   * A tracker for one person — one request on a server: its events carry these ids (a new
   * anonymous id when none is given), and its `identify`, `alias` and `reset` change only
   * it. Everything else (sinks, plan, consent, queue, stats) is this tracker's.
   *
   * @example
   * // a route handler: never identify() the module's tracker, whose ids every request would share
   * const t = tracker.withIdentity({ userId: session?.userId, anonymousId:
   * cookies().get('ajs_anonymous_id')?.value })
   * t.track('Completed Purchase', { orderId })
   */
  withIdentity(ids?: { userId?: string | null; anonymousId?: string | null }): Tracker<Plan>
}
