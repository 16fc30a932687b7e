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

/**
 * Every internal failure reaches `onError` as one of these; none is thrown into the app
 * (except `PlanViolationError` under `validation: 'throw'`).
 *
 * @example
 * createTracker({ onError: (error) => Sentry.captureException(error) })
 */
export class TrackplanError extends Error {
  override name = 'TrackplanError'
  readonly code: TrackplanErrorCode
  /** The envelope concerned, when there is one. */
  readonly event?: TrackedEvent
  /** Set when an event was dropped, and why. */
  readonly reason?: DropReason
  /** The sink concerned, for sink failures. */
  readonly sink?: string
  readonly violations?: readonly Violation[]

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
    if (details.event) this.event = details.event
    if (details.reason) this.reason = details.reason
    if (details.sink) this.sink = details.sink
    if (details.violations) this.violations = details.violations
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
