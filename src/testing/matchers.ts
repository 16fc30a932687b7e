import type { TrackedEvent, Violation } from '../core/types'
import type { TrackingPlan } from '../plan/types'
import { compilePlan } from '../plan/validate'
import type { TestTracker } from './createTestTracker'

type Received = TestTracker<never> | { events(): readonly TrackedEvent[] } | readonly TrackedEvent[]

interface MatcherContext {
  isNot?: boolean
  equals?(a: unknown, b: unknown): boolean
  utils?: { printExpected?(v: unknown): string; printReceived?(v: unknown): string }
}

interface MatcherResult {
  pass: boolean
  message: () => string
}

/** The matchers' types, for Vitest's `Assertion` and Jest's `Matchers` (see `trackplan/testing/vitest` and `/jest`). */
export interface TrackplanMatchers<R = unknown> {
  /** An event with this name was tracked, whose properties contain `properties` (a subset; asymmetric matchers work). */
  toHaveTracked(event: string, properties?: Record<string, unknown>): R
  /** An event with this name was tracked exactly `times` times. */
  toHaveTrackedTimes(event: string, times: number): R
  /** These events were tracked in this order (others may come between them). */
  toHaveTrackedInOrder(events: readonly string[]): R
  /** No tracked event broke the plan. An array of envelopes needs the plan to check against. */
  toHaveNoPlanViolations(plan?: TrackingPlan): R
}

const envelopes = (received: Received): readonly TrackedEvent[] | undefined => {
  if (Array.isArray(received)) return received as readonly TrackedEvent[]
  if (received && typeof (received as { events?: unknown }).events === 'function')
    return (received as { events(): readonly TrackedEvent[] }).events()
  return undefined
}

const notATracker = (name: string, received: unknown): MatcherResult => ({
  pass: false,
  message: () =>
    `${name} takes a test tracker (createTestTracker) or an array of envelopes, got ${typeof received}`,
})

const isAsymmetric = (v: unknown): v is { asymmetricMatch(other: unknown): boolean } =>
  v !== null &&
  typeof v === 'object' &&
  typeof (v as { asymmetricMatch?: unknown }).asymmetricMatch === 'function'

/** The matchers' subset match, for other hosts (the Playwright fixture). */
export const matchesProperties = (
  actual: unknown,
  expected: unknown,
  ctx: MatcherContext = {},
): boolean => contains(actual, expected, ctx)

/** Deep subset match: every key of `expected` matches; arrays match element by element. */
function contains(actual: unknown, expected: unknown, ctx: MatcherContext): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual)
  // a Date was sent as its ISO string: compare it as sent (and never as an object with no keys)
  if (expected instanceof Date)
    return actual instanceof Date
      ? actual.getTime() === expected.getTime()
      : actual === expected.toISOString()
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => contains(actual[i], e, ctx))
    )
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false
    return Object.entries(expected).every(([k, v]) =>
      contains((actual as Record<string, unknown>)[k], v, ctx),
    )
  }
  return ctx.equals ? ctx.equals(actual, expected) : Object.is(actual, expected)
}

/** What was tracked, one line each, for failure messages. */
export const list = (events: readonly TrackedEvent[]): string =>
  events.length === 0
    ? '  (nothing was tracked)'
    : events
        .map(
          (e) =>
            `  - ${e.type === 'track' ? e.event : e.type} ${JSON.stringify(e.type === 'identify' ? e.traits : e.properties)}`,
        )
        .join('\n')

/**
 * Matchers for `expect.extend` (Vitest and Jest). Each takes a test tracker or an array of
 * envelopes; a failure lists what was tracked instead.
 *
 * @example
 * expect.extend(trackplanMatchers)
 * expect(testTracker).toHaveTracked('Viewed Pricing', { plan: 'pro' })
 */
export const trackplanMatchers = {
  toHaveTracked(
    this: MatcherContext,
    received: Received,
    event: string,
    properties?: Record<string, unknown>,
  ): MatcherResult {
    const events = envelopes(received)
    if (!events) return notATracker('toHaveTracked', received)
    const named = events.filter((e) => e.type === 'track' && e.event === event)
    const pass = named.some(
      (e) => properties === undefined || contains(e.properties, properties, this),
    )
    const wanted =
      properties === undefined ? `"${event}"` : `"${event}" with ${JSON.stringify(properties)}`
    return {
      pass,
      message: () =>
        pass
          ? `expected ${wanted} not to be tracked, but it was`
          : `expected ${wanted} to be tracked${named.length ? ` (it was, with other properties)` : ''}; tracked instead:\n${list(events)}`,
    }
  },

  toHaveTrackedTimes(
    this: MatcherContext,
    received: Received,
    event: string,
    times: number,
  ): MatcherResult {
    const events = envelopes(received)
    if (!events) return notATracker('toHaveTrackedTimes', received)
    const count = events.filter((e) => e.type === 'track' && e.event === event).length
    return {
      pass: count === times,
      message: () =>
        `expected "${event}" to be tracked ${this.isNot ? 'not ' : ''}${times} time(s), it was ${count}; tracked:\n${list(events)}`,
    }
  },

  toHaveTrackedInOrder(
    this: MatcherContext,
    received: Received,
    names: readonly string[],
  ): MatcherResult {
    const events = envelopes(received)
    if (!events) return notATracker('toHaveTrackedInOrder', received)
    const tracked = events.filter((e) => e.type === 'track').map((e) => e.event ?? '')
    let found = 0
    for (const name of tracked) if (name === names[found]) found++
    const pass = found === names.length
    const order = names.map((n) => `"${n}"`).join(' → ')
    return {
      pass,
      message: () =>
        pass
          ? `expected ${order} not to be tracked in this order, but they were; tracked:\n${list(events)}`
          : `expected ${order} to be tracked in this order; ${
              found === 0
                ? `"${names[0]}" never was`
                : `after ${names
                    .slice(0, found)
                    .map((n) => `"${n}"`)
                    .join(' → ')}, "${names[found]}" never was`
            }; tracked in order:\n${list(events)}`,
    }
  },

  toHaveNoPlanViolations(
    this: MatcherContext,
    received: Received,
    plan?: TrackingPlan,
  ): MatcherResult {
    let violations: readonly Violation[]
    if (plan) {
      const events = envelopes(received)
      if (!events) return notATracker('toHaveNoPlanViolations', received)
      const check = compilePlan(plan)
      violations = events.flatMap((e) => check(e))
    } else if (
      !Array.isArray(received) &&
      typeof (received as TestTracker<never>).violations === 'function'
    ) {
      violations = (received as TestTracker<never>).violations()
    } else {
      return {
        pass: false,
        message: () =>
          'toHaveNoPlanViolations: pass the plan to check an array of envelopes against',
      }
    }
    return {
      pass: violations.length === 0,
      message: () =>
        violations.length === 0
          ? 'expected plan violations, found none'
          : `expected no plan violations, found ${violations.length}:\n${violations.map((v) => `  - ${v.message}`).join('\n')}`,
    }
  },
}
