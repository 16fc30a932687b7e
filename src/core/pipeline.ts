import { warnOnce } from './env'
import { MAX_DEPTH } from './properties'
import { jsonBytes } from './sanitize'
import { PlanViolationError, TrackplanError } from './TrackplanError'
import type {
  CheckResult,
  DropReason,
  EventChecker,
  EventInfo,
  Middleware,
  TrackedEvent,
  ValidationMode,
  Violation,
} from './types'

/** Envelopes over this many bytes of JSON are not delivered (a violation, reported). */
export const MAX_EVENT_BYTES = 32 * 1024
/**
 * The size estimate undercounts by at most 6× (non-ASCII text), so below a sixth of the limit
 * no exact (and slower) measurement is needed.
 */
const EXACT_CHECK_FROM = MAX_EVENT_BYTES / 6

export const NO_VIOLATIONS: readonly Violation[] = Object.freeze([])

/**
 * Counts a drop, reports it (unless `quiet`: the app's own choice, not an error) and tells
 * listeners of the event (unless `listed`: they hear of it where it already is).
 */
export type Drop = (
  reason: DropReason,
  message: string,
  event?: TrackedEvent,
  violations?: readonly Violation[],
  how?: 'quiet' | 'listed',
) => null

/** An event on its way: its listeners' info, whether it goes to the sinks, and an async plan answer to wait for. */
export interface Passage {
  event: TrackedEvent
  /** Absent for an event released from the consent buffer: listeners heard of it when it was tracked. */
  info?: EventInfo | undefined
  deliver: boolean
  verdict?: Promise<readonly Violation[]> | undefined
}

/** The pipeline: the plan check (as `validation` says), then middleware, then the size limit. */
export interface Pipeline {
  /** The event to send and its violations, or `null` when it was dropped (counted and reported). Throws only under `validation: 'throw'`. */
  run(
    event: TrackedEvent,
    label: string,
    estimate: number,
  ): { event: TrackedEvent; violations: CheckResult } | null
  /** Applies an async plan check's answer; `'throw'` cannot throw any more, so it drops. */
  settle(passage: Passage, found: readonly Violation[]): void
}

export interface PipelineOptions {
  check: EventChecker | undefined
  validation: ValidationMode
  middleware: readonly Middleware[]
  report(error: TrackplanError): void
  drop: Drop
  /** An event dropped by a late plan answer leaves the consent buffer. */
  forget(event: TrackedEvent): void
}

const summarize = (violations: readonly Violation[]): string =>
  violations.map((v) => v.message).join('; ')

/** The plan check as `validation` says: the violations to list, or `null` when the event was dropped. */
function createValidation({ check, validation, report, drop, forget }: PipelineOptions) {
  const warn = (event: TrackedEvent, violations: readonly Violation[], summary: string): void => {
    if (process.env.NODE_ENV !== 'production')
      for (const violation of violations) warnOnce(violation.message)
    report(new TrackplanError('plan_violation', summary, { event, violations }))
  }

  const validate = (event: TrackedEvent, label: string): CheckResult | null => {
    let violations: CheckResult = NO_VIOLATIONS
    try {
      violations = check!(event)
    } catch (cause) {
      const message =
        process.env.NODE_ENV !== 'production' ? `the plan check failed on "${label}".` : label
      report(new TrackplanError('plan_violation', message, { cause, event }))
    }
    if (violations.length === 0) return violations
    const summary = summarize(violations)
    if (validation === 'warn') {
      warn(event, violations, summary)
      return violations
    }
    const message =
      process.env.NODE_ENV !== 'production'
        ? `"${label}" breaks the tracking plan${validation === 'drop' ? ' and was dropped' : ''}: ${summary}`
        : summary
    drop('validation', message, event, violations)
    if (validation === 'throw') throw new PlanViolationError(summary, { event, violations })
    return null
  }

  const settle = (passage: Passage, found: readonly Violation[]): void => {
    if (found.length === 0) return
    const { event } = passage
    const violations = [...(passage.info?.violations ?? []), ...found]
    const summary = summarize(found)
    if (validation === 'warn') {
      warn(event, found, summary)
      if (passage.info) passage.info = { ...passage.info, violations }
      return
    }
    const message =
      process.env.NODE_ENV !== 'production'
        ? `"${event.event ?? event.type}" breaks the tracking plan and was dropped: ${summary}`
        : summary
    drop('validation', message, event, violations, 'listed')
    passage.deliver = false
    if (passage.info) passage.info = { violations, dropped: 'validation' }
    forget(event)
  }
  return { validate, settle }
}

/** The middleware in order: the event each returns, or `null` when one dropped it or threw. */
function runMiddleware(
  { middleware, report, drop }: PipelineOptions,
  event: TrackedEvent,
  label: string,
  violations: CheckResult,
): TrackedEvent | null {
  let current = event
  for (const step of middleware) {
    let next: TrackedEvent | null
    try {
      next = step(current)
    } catch (cause) {
      const message =
        process.env.NODE_ENV !== 'production'
          ? `middleware threw on "${label}"; the event was dropped to keep what it guards safe.`
          : label
      report(new TrackplanError('middleware_failed', message, { cause, event: current }))
      const dropped =
        process.env.NODE_ENV !== 'production'
          ? `"${label}" was dropped: a middleware failed.`
          : label
      return drop('middleware', dropped, current, violations)
    }
    // null is the app's own choice (sampling, filtering): counted and shown to listeners, not an error
    if (!next) return drop('middleware', label, current, violations, 'quiet')
    if (typeof next !== 'object' || typeof next.type !== 'string') {
      const message =
        process.env.NODE_ENV !== 'production'
          ? `a middleware returned ${typeof next}, not an event; "${label}" was dropped.`
          : label
      report(new TrackplanError('middleware_failed', message, { event: current }))
      return drop('middleware', message, current, violations)
    }
    current = next
  }
  return current
}

/** Whether the event is over the size limit (then it was dropped). */
function tooLarge(drop: Drop, event: TrackedEvent, label: string, violations: CheckResult) {
  let bytes = Infinity
  try {
    bytes = jsonBytes(event)
  } catch {
    // unserializable after middleware: treated as too large
  }
  if (bytes <= MAX_EVENT_BYTES) return false
  const message =
    process.env.NODE_ENV !== 'production'
      ? `"${label}" is ${bytes} bytes of JSON, over the ${MAX_EVENT_BYTES}-byte limit; it was not delivered.`
      : label
  drop('size', message, event, violations)
  return true
}

/**
 * Freezes what the envelope holds, nested objects too: every sink gets the same event, and
 * one that writes to it must not change what the next one reads. An object already frozen is
 * taken as it is, and the depth is capped like the sanitizer's.
 */
function freezeDeep(value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return
  Object.freeze(value)
  if (depth >= MAX_DEPTH) return
  for (const key of Object.keys(value))
    freezeDeep((value as Record<string, unknown>)[key], depth + 1)
}

/**
 * The envelope as every sink and listener gets it, sent or dropped: frozen through. Never
 * throws: a middleware's event that refuses to be read or frozen (a proxy) is left as it is,
 * so that dropping it cannot fail a second time.
 */
export function freezeEnvelope(event: TrackedEvent): TrackedEvent {
  try {
    freezeDeep(event.properties)
    if (event.traits) freezeDeep(event.traits)
    Object.freeze(event)
  } catch {
    // left as it is
  }
  return event
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { check, validation, middleware, drop } = options
  const { validate, settle } = createValidation(options)
  return {
    run(draft, label, estimate) {
      const violations = check && validation !== 'off' ? validate(draft, label) : NO_VIOLATIONS
      if (!violations) return null
      const event = middleware.length > 0 ? runMiddleware(options, draft, label, violations) : draft
      if (!event) return null
      // a middleware's copy is measured exactly: its estimate is unknown
      const measure = event !== draft || estimate >= EXACT_CHECK_FROM
      if (measure && tooLarge(drop, event, label, violations)) return null
      return { event: freezeEnvelope(event), violations }
    },
    settle,
  }
}
