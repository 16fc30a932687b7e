import { warnOnce } from './env'
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

export function createPipeline({
  check,
  validation,
  middleware,
  report,
  drop,
  forget,
}: PipelineOptions): Pipeline {
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
      report(
        new TrackplanError(
          'plan_violation',
          process.env.NODE_ENV !== 'production' ? `the plan check failed on "${label}".` : label,
          { cause, event },
        ),
      )
    }
    if (violations.length === 0) return violations
    const summary = summarize(violations)
    if (validation === 'warn') {
      warn(event, violations, summary)
      return violations
    }
    drop(
      'validation',
      process.env.NODE_ENV !== 'production'
        ? `"${label}" breaks the tracking plan${validation === 'drop' ? ' and was dropped' : ''}: ${summary}`
        : summary,
      event,
      violations,
    )
    if (validation === 'throw') throw new PlanViolationError(summary, { event, violations })
    return null
  }

  const transform = (
    event: TrackedEvent,
    label: string,
    violations: CheckResult,
  ): TrackedEvent | null => {
    let current = event
    for (const step of middleware) {
      let next: TrackedEvent | null
      try {
        next = step(current)
      } catch (cause) {
        report(
          new TrackplanError(
            'middleware_failed',
            process.env.NODE_ENV !== 'production'
              ? `middleware threw on "${label}"; the event was dropped to keep what it guards safe.`
              : label,
            { cause, event: current },
          ),
        )
        return drop(
          'middleware',
          process.env.NODE_ENV !== 'production'
            ? `"${label}" was dropped: a middleware failed.`
            : label,
          current,
          violations,
        )
      }
      // null is the app's own choice (sampling, filtering): counted and shown to listeners, not an error
      if (!next) return drop('middleware', label, current, violations, 'quiet')
      current = next
    }
    return current
  }

  return {
    run(draft, label, estimate) {
      const violations = check && validation !== 'off' ? validate(draft, label) : NO_VIOLATIONS
      if (!violations) return null
      const event = middleware.length > 0 ? transform(draft, label, violations) : draft
      if (!event) return null
      // a middleware's copy is measured exactly: its estimate is unknown
      if (event !== draft || estimate >= EXACT_CHECK_FROM) {
        let bytes = Infinity
        try {
          bytes = jsonBytes(event)
        } catch {
          // unserializable after middleware: treated as too large
        }
        if (bytes > MAX_EVENT_BYTES) {
          return drop(
            'size',
            process.env.NODE_ENV !== 'production'
              ? `"${label}" is ${bytes} bytes of JSON, over the ${MAX_EVENT_BYTES}-byte limit; it was not delivered.`
              : label,
            event,
            violations,
          )
        }
      }
      Object.freeze(event.properties)
      return { event: Object.freeze(event), violations }
    },

    settle(passage, found) {
      if (found.length === 0) return
      const { event } = passage
      const violations = [...(passage.info?.violations ?? []), ...found]
      const summary = summarize(found)
      if (validation === 'warn') {
        warn(event, found, summary)
        if (passage.info) passage.info = { ...passage.info, violations }
        return
      }
      drop(
        'validation',
        process.env.NODE_ENV !== 'production'
          ? `"${event.event ?? event.type}" breaks the tracking plan and was dropped: ${summary}`
          : summary,
        event,
        violations,
        'listed',
      )
      passage.deliver = false
      if (passage.info) passage.info = { violations, dropped: 'validation' }
      forget(event)
    },
  }
}
