import type { DropReason, TrackedEvent, Violation } from './event'

/** What went wrong, in one word a handler can switch on (`onError`). */
export type TrackplanErrorCode =
  | 'invalid_event'
  | 'dropped'
  | 'sink_failed'
  | 'middleware_failed'
  | 'listener_failed'
  | 'storage_failed'
  | 'plan_violation'
  | 'delivery_failed'
  | 'invalid_option'

/** The details an error keeps, when they are given. */
const DETAILS = ['event', 'reason', 'sink', 'violations'] as const

/**
 * Every internal failure reaches `onError` as one of these; none is thrown into the app
 * (except `PlanViolationError` under `validation: 'throw'`).
 *
 * @example
 * createTracker({ onError: (error) => Sentry.captureException(error) })
 */
export class TrackplanError extends Error {
  override name = 'TrackplanError'
  // declared, not defined: an error carries only the details it was given
  declare readonly code: TrackplanErrorCode
  /** The envelope concerned, when there is one. */
  declare readonly event?: TrackedEvent
  /** Set when an event was dropped, and why. */
  declare readonly reason?: DropReason
  /** The sink concerned, for sink failures. */
  declare readonly sink?: string
  declare readonly violations?: readonly Violation[]

  constructor(
    code: TrackplanErrorCode,
    message: string,
    details: {
      event?: TrackedEvent
      reason?: DropReason
      sink?: string
      cause?: unknown
      violations?: readonly Violation[]
    } = {},
  ) {
    super(
      `[trackplan] ${message}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    )
    this.code = code
    for (const key of DETAILS)
      if (details[key]) (this as Record<string, unknown>)[key] = details[key]
  }
}

/**
 * Thrown by `track()` under `validation: 'throw'` (meant for tests and CI) when an event
 * breaks the tracking plan. `violations` says how.
 */
export class PlanViolationError extends TrackplanError {
  override name = 'PlanViolationError'
  constructor(
    message: string,
    details: { event?: TrackedEvent; violations: readonly Violation[] },
  ) {
    super('plan_violation', message, details)
  }
}

/** Where a tracker keeps its guarded `onError`, for the components that track through it. */
const REPORT = Symbol.for('trackplan.report')

/** Gives a tracker object its reporter (createTracker does, once). */
export function keepReporter(tracker: object, report: (error: TrackplanError) => void): void {
  ;(tracker as { [REPORT]?: typeof report })[REPORT] = report
}

/**
 * Reports to the `onError` of the tracker a component tracks through: an option the browser
 * refused, say. A tracker from another copy of trackplan without one: a development warning.
 */
export function reportTo(tracker: object, error: TrackplanError): void {
  const report = (tracker as { [REPORT]?: (error: TrackplanError) => void })[REPORT]
  if (report) report(error)
  else if (process.env.NODE_ENV !== 'production') console.warn(error.message)
}
