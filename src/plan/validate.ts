import { NO_VIOLATIONS } from '../core/pipeline'
import type { EventChecker } from '../core/types'
import { compileCalls } from './checkCalls'
import { own } from './compileEvent'
import { describeValue } from './describeValue'
import { isRecord } from './specShape'
import type { TrackingPlan } from './types'

// the property types' home is compileEvent.ts; lintPlan and the importers read them here
export { TYPE_CHECKS, type TypeCheck } from './compileEvent'

// Segment's other calls carry no event of the plan (decision 0038)
const UNCHECKED_TYPES: readonly unknown[] = ['page', 'screen', 'identify', 'group', 'alias']

/** A track call's event name and properties; missing `properties` are `{}`, as in Segment's spec. */
type TrackCall = { event: string; properties: unknown }

/**
 * Reads an envelope that may be anything a sender posted: a track call to check, `undefined`
 * for a call that is not checked, or why it is no well-formed one.
 */
function readEnvelope(envelope: unknown): TrackCall | string | undefined {
  if (!isRecord(envelope)) return `the envelope must be an object, got ${describeValue(envelope)}`
  const type = own(envelope, 'type')
  if (type !== 'track') {
    if (UNCHECKED_TYPES.includes(type)) return undefined
    return `the envelope's type must be "track" (page, screen, identify, group and alias calls are not checked), got ${type === undefined ? 'none' : describeValue(type)}`
  }
  const event = own(envelope, 'event')
  if (event === undefined) return 'a track call needs an event name, got none'
  if (typeof event !== 'string')
    return `a track call's event name must be a string, got ${describeValue(event)}`
  const properties = own(envelope, 'properties')
  return { event, properties: properties === undefined ? {} : properties }
}

/** Each checker's cache sizes, for tests: they stay bounded whatever names senders use. */
const cacheSizes = new WeakMap<EventChecker, () => { names: number; validators: number }>()

/** How many name verdicts and event validators a checker made by `compilePlan` keeps. */
export const checkerCacheSizes = (
  checker: EventChecker,
): { names: number; validators: number } | undefined => cacheSizes.get(checker)?.()

/**
 * Compiles a plan into a checker for `track` envelopes where envelopes arrive (a collector, a
 * test tracker), so it takes anything: a value that is no well-formed track call gets a
 * `malformed` violation, and it never throws. Each event's validator is built once; verdicts
 * on names are kept for planned names and the latest unplanned ones, and never depend on
 * envelopes seen before. Page, identify and alias calls are not checked. A tracker given a
 * plan runs `compileTrackerChecks` instead, on envelopes it made itself.
 */
export function compilePlan(plan: TrackingPlan): EventChecker {
  const calls = compileCalls(plan)
  const check: EventChecker = (envelope) => {
    const call = readEnvelope(envelope)
    if (call === undefined) return NO_VIOLATIONS
    if (typeof call === 'string') return [{ kind: 'malformed', event: '', message: call }]
    return calls.check(call.event, call.properties)
  }
  cacheSizes.set(check, calls.sizes)
  return check
}
