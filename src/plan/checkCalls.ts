import type { Properties, TrackedEvent, Violation } from '../core/event'
import { NO_VIOLATIONS } from '../core/pipeline'
import type { CheckResult, EventChecker } from '../core/types'
import { compileEvent, type PropertyCheck } from './compileEvent'
import { describeValue, quote } from './describeValue'
import { nameVerdicts } from './nameVerdicts'
import { isRecord } from './specShape'
import type { TrackingPlan } from './types'

/** A plan's check of track calls, and how many verdicts and validators it keeps. */
export interface CallChecker {
  check(event: string, properties: unknown): CheckResult
  sizes(): { names: number; validators: number }
}

/**
 * Compiles a plan's check of track calls: the name's verdicts, then the properties against the
 * event's spec. Each event's validator is built once; verdicts on names are kept for planned
 * names and the latest unplanned ones, and never depend on calls seen before.
 */
export function compileCalls(plan: TrackingPlan): CallChecker {
  const names = nameVerdicts(plan)
  const validators = new Map<string, PropertyCheck>()
  return {
    check(event, properties) {
      const fromName = names.of(event)
      if (!isRecord(properties))
        return [
          ...fromName,
          {
            kind: 'malformed',
            event,
            message: `${quote(event)}: properties must be an object, got ${describeValue(properties)}`,
          },
        ]
      if (!Object.hasOwn(plan.events, event)) return fromName
      let validate = validators.get(event)
      if (!validate)
        validators.set(event, (validate = compileEvent(event, plan.events[event]!, plan)))
      const out: Violation[] = [...fromName]
      const later: Promise<readonly Violation[]>[] = []
      validate(properties as Properties, out, later)
      if (later.length)
        return Object.assign(out, { pending: Promise.all(later).then((found) => found.flat()) })
      return out.length ? out : NO_VIOLATIONS
    },
    sizes: () => ({ names: names.size(), validators: validators.size }),
  }
}

/**
 * The checker a tracker runs on its own envelopes (what `defineTrackingPlan` leaves on a plan):
 * they are well-formed by construction (decision 0196), so it checks track calls and passes
 * the other calls, without `compilePlan`'s reading of whatever a sender posted. A track call
 * without a string name (only a devtools overlay can make one) is malformed, never a throw.
 */
export function compileTrackerChecks(plan: TrackingPlan): EventChecker {
  const calls = compileCalls(plan)
  return (envelope: TrackedEvent) => {
    if (envelope.type !== 'track') return NO_VIOLATIONS
    if (typeof envelope.event !== 'string')
      return [
        { kind: 'malformed', event: '', message: "a track call's event name must be a string" },
      ]
    return calls.check(envelope.event, envelope.properties ?? {})
  }
}
