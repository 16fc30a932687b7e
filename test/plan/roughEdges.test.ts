// Issue 14's defects in the plan, validation, naming, export, test helpers and funnel:
// each test here failed before its fix.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import {
  createTracker,
  defineTrackingPlan,
  funnel,
  memorySink,
  type EventInfo,
  type TrackedEvent,
  type TrackplanError,
  type ValidationMode,
} from 'trackplan/core'
import {
  createTestTracker,
  firedEventNames,
  planCoverage,
  trackplanMatchers,
} from 'trackplan/testing'
import { checkEventName, exportPlan, findNearDuplicates, lintPlan } from 'trackplan/tools'
import 'trackplan/testing/vitest'

type Loose = (event: string, properties?: Record<string, unknown>) => TrackedEvent | null

afterEach(() => vi.restoreAllMocks())

const asyncPlan = defineTrackingPlan({
  events: {
    'Redeemed Coupon': {
      properties: {
        code: z.string().refine(async (code) => code.startsWith('OK'), 'unknown coupon'),
      },
    },
  },
})

function tracked(validation: ValidationMode) {
  const memory = memorySink()
  const errors: TrackplanError[] = []
  const heard: [string | undefined, EventInfo][] = []
  const tracker = createTracker({
    plan: asyncPlan,
    validation,
    sinks: [memory],
    storage: 'memory',
    onError: (e) => errors.push(e),
  })
  tracker.subscribe((e, info) => heard.push([e.event, info]))
  return { tracker, track: tracker.track as unknown as Loose, memory, errors, heard }
}

describe('async Standard Schema validators', () => {
  it('a valid value is not a violation, under every mode', async () => {
    for (const mode of ['warn', 'drop', 'throw'] as const) {
      const { tracker, track, memory, errors } = tracked(mode)
      expect(() => track('Redeemed Coupon', { code: 'OK-10' })).not.toThrow()
      await tracker.flush()
      expect(memory.events.map((e) => e.properties.code)).toEqual(['OK-10'])
      expect(errors).toEqual([])
    }
  })

  it('an invalid value is reported after track() returns; "drop" drops it, in order with the events around it', async () => {
    const { tracker, track, memory, errors, heard } = tracked('drop')
    track('Redeemed Coupon', { code: 'OK-1' })
    track('Redeemed Coupon', { code: 'BAD' })
    track('Redeemed Coupon', { code: 'OK-2' })
    await tracker.flush()
    expect(memory.events.map((e) => e.properties.code)).toEqual(['OK-1', 'OK-2'])
    expect(heard.map(([, info]) => info.dropped ?? 'delivered')).toEqual([
      'delivered',
      'validation',
      'delivered',
    ])
    expect(heard[1]![1].violations[0]!.message).toBe(
      '"Redeemed Coupon": property "code" is invalid: unknown coupon',
    )
    expect(errors.map((e) => e.reason)).toEqual(['validation'])
    expect(tracker.stats().dropped.validation).toBe(1)
  })

  it('"warn" delivers and reports; "throw" cannot throw after the fact, so it drops and reports', async () => {
    const warned = tracked('warn')
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    warned.track('Redeemed Coupon', { code: 'BAD' })
    await warned.tracker.flush()
    expect(warned.memory.events).toHaveLength(1)
    expect(warned.errors.map((e) => e.code)).toEqual(['plan_violation'])
    const thrown = tracked('throw')
    thrown.track('Redeemed Coupon', { code: 'BAD' })
    await thrown.tracker.flush()
    expect(thrown.memory.events).toHaveLength(0)
    expect(thrown.errors.map((e) => e.reason)).toEqual(['validation'])
  })
})

describe('compile time, runtime and export agree', () => {
  const plan = defineTrackingPlan({
    events: {
      'Viewed Item': {
        properties: { count: z.coerce.number(), note: { type: 'string' }, anything: z.unknown() },
      },
    },
  })

  it('an optional { type: "string" } rejects null at runtime, as the exported JSON Schema does', async () => {
    const t = createTestTracker({ plan })
    ;(t.tracker.track as unknown as Loose)('Viewed Item', { count: 1, note: null })
    await t.tracker.flush()
    expect(t.violations().map((v) => v.message)).toEqual([
      '"Viewed Item": property "note" must be a string, got null',
    ])
    const schema = JSON.parse(exportPlan(plan, 'json-schema'))['Viewed Item'] as {
      properties: { properties: { properties: { note: { type: string } } } }
    }
    expect(schema.properties.properties.properties.note.type).toBe('string')
  })

  it('z.coerce.number() is required (runtime says so; the types now do too); z.unknown() is optional everywhere', async () => {
    const t = createTestTracker({ plan })
    ;(t.tracker.track as unknown as Loose)('Viewed Item', { anything: undefined })
    await t.tracker.flush()
    expect(t.violations().map((v) => v.property)).toEqual(['count'])
    const required = (
      JSON.parse(exportPlan(plan, 'json-schema'))['Viewed Item'] as {
        properties: { properties: { required: string[] } }
      }
    ).properties.properties.required
    expect(required).toEqual(['count'])
  })
})

describe('additionalProperties: false', () => {
  it('catches keys named like Object.prototype members', async () => {
    const plan = defineTrackingPlan({
      events: {
        'Opened Menu': { additionalProperties: false, properties: { menu: { type: 'string' } } },
      },
    })
    const t = createTestTracker({ plan })
    ;(t.tracker.track as unknown as Loose)('Opened Menu', {
      menu: 'main',
      constructor: 'x',
      toString: 'y',
      __proto__x: 1,
    })
    await t.tracker.flush()
    expect(
      t
        .violations()
        .map((v) => v.property)
        .sort(),
    ).toEqual(['__proto__x', 'constructor', 'toString'])
  })
})

describe('lintPlan', () => {
  const problems = (properties: Record<string, unknown>) =>
    lintPlan({ events: { 'Viewed Page': { properties } } } as never).map((p) => p.message)

  it('an array property may have an enum of arrays', () => {
    expect(problems({ sizes: { type: 'array', enum: [['s', 'm'], ['l']] } })).toEqual([])
  })
  it('an integer enum with 1.5 is flagged, as is a null in any enum and an empty enum', () => {
    expect(problems({ seats: { type: 'integer', enum: [1, 1.5] } })).toEqual([
      'property "seats" is a integer but its enum has 1.5',
    ])
    expect(problems({ plan: { type: 'string', enum: ['a', null] } })).toEqual([
      'property "plan" is a string but its enum has null',
    ])
    expect(problems({ meta: { type: 'object', enum: [null] } })).toEqual([
      'property "meta" is a object but its enum has null',
    ])
    expect(problems({ plan: { type: 'string', enum: [] } })).toEqual([
      'property "plan" has an empty enum: no value can pass; list the allowed values or remove `enum`',
    ])
  })
  it('an empty event name is reported as empty', () => {
    expect(lintPlan({ naming: 'verb-noun', events: { '': {} } }).map((p) => p.message)).toEqual([
      'the event name is empty: name it for what happened ("Viewed Pricing")',
    ])
  })
})

describe('naming', () => {
  it('irregular past tenses that do not end in -ed pass verb-noun', () => {
    for (const name of [
      'Hit Paywall',
      'Cut Video',
      'Led Tour',
      'Shared Link',
      'Beat Level',
      'Dealt Cards',
    ])
      expect(checkEventName(name, 'verb-noun'), name).toEqual([])
  })
  it('nouns ending in -ed are not verbs under object-action', () => {
    expect(checkEventName('Feed Viewed', 'object-action')).toEqual([])
    expect(checkEventName('Embed Copied', 'object-action')).toEqual([])
    expect(checkEventName('Seed Planted', 'object-action')).toEqual([])
    expect(checkEventName('Feed Refresh', 'object-action')).toEqual([
      '"Feed Refresh" should end its object with a past-tense verb ("Pricing Viewed")',
    ])
  })
  it('numbers stay apart: "Completed Step 1 2" is not "Completed Step 12"', () => {
    expect(findNearDuplicates(['Completed Step 1 2', 'Completed Step 12'])).toEqual([])
    expect(
      findNearDuplicates(['Completed Step 12', 'completed_step_12', 'CompletedStep12']),
    ).toEqual([['Completed Step 12', 'completed_step_12', 'CompletedStep12']])
  })
})

describe('CSV export', () => {
  it('an enum whose values contain commas is written unambiguously, as JSON', () => {
    const csv = exportPlan(
      {
        events: { 'Chose Size': { properties: { size: { type: 'string', enum: ['a, b', 'c'] } } } },
      },
      'csv',
    )
    expect(csv.split('\n')[1]).toBe('Chose Size,,,,size,string,no,"[""a, b"",""c""]",')
    // plain values stay readable
    expect(
      exportPlan(
        {
          events: {
            'Chose Plan': { properties: { plan: { type: 'string', enum: ['free', 'pro'] } } },
          },
        },
        'csv',
      ).split('\n')[1],
    ).toBe('Chose Plan,,,,plan,string,no,"free, pro",')
  })
})

describe('test helpers', () => {
  const plan = defineTrackingPlan({
    events: {
      'Viewed Pricing': { properties: { plan: { type: 'string', enum: ['free', 'pro'] } } },
      'Signed Up': {},
    },
  })

  it('an event dropped for consent is not counted as fired', async () => {
    const t = createTestTracker({ plan, consent: 'pending' })
    ;(t.tracker.track as unknown as Loose)('Signed Up')
    await t.tracker.flush()
    t.tracker.setConsent('denied')
    await t.tracker.flush()
    expect(firedEventNames()).not.toContain('Signed Up')
    expect(planCoverage(plan, t).fired).toEqual([])
  })

  it('toHaveNoPlanViolations fails under validation "drop", even before a flush', () => {
    const t = createTestTracker({ plan, validation: 'drop' })
    ;(t.tracker.track as unknown as Loose)('Viewed Pricing', { plan: 'gold' })
    const result = trackplanMatchers.toHaveNoPlanViolations.call({}, t)
    expect(result.pass).toBe(false)
    expect(result.message()).toContain('property "plan" must be one of "free", "pro"; got "gold"')
  })

  it('toHaveTracked compares a Date as it was sent, and a Date never matches any object', async () => {
    const t = createTestTracker()
    const at = new Date('2026-11-30T10:00:00.000Z')
    ;(t.tracker.track as unknown as Loose)('Booked Demo', { at, meta: { a: 1 } })
    await t.tracker.flush()
    expect(t).toHaveTracked('Booked Demo', { at })
    expect(t).not.toHaveTracked('Booked Demo', { meta: new Date() })
  })

  it('clear() also forgets events waiting for consent: nothing leaks into the next test', async () => {
    const t = createTestTracker({ consent: 'pending' })
    ;(t.tracker.track as unknown as Loose)('Viewed Pricing', { plan: 'pro' })
    t.clear()
    t.tracker.setConsent('granted')
    await t.tracker.flush()
    expect(t.events()).toEqual([])
    expect(t.records()).toEqual([])
  })
})

describe('funnel', () => {
  let clock = 0
  const ev = (
    event: string,
    who: { userId?: string | null; anonymousId: string },
    type: TrackedEvent['type'] = 'track',
  ): TrackedEvent =>
    ({
      type,
      event,
      properties: {},
      userId: who.userId ?? null,
      anonymousId: who.anonymousId,
      messageId: String(clock),
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString(),
      context: {},
    }) as unknown as TrackedEvent

  it('a repeated step counts', () => {
    const p = { anonymousId: 'a1' }
    expect(
      funnel([ev('A', p), ev('B', p), ev('A', p)], ['A', 'B', 'A']).map((s) => s.count),
    ).toEqual([1, 1, 1])
  })

  it('a journey that starts anonymous and continues after identify is one journey', () => {
    const anon = { anonymousId: 'a1' }
    const known = { anonymousId: 'a1', userId: 'u1' }
    const events = [
      ev('Viewed Pricing', anon),
      ev('Signed Up', anon),
      ev('', known, 'identify'),
      ev('Started Checkout', known),
      ev('Completed Purchase', { anonymousId: 'a2', userId: 'u1' }),
    ]
    expect(
      funnel(events, ['Viewed Pricing', 'Signed Up', 'Started Checkout', 'Completed Purchase']).map(
        (s) => s.count,
      ),
    ).toEqual([1, 1, 1, 1])
  })
})

describe('toHaveTrackedInOrder', () => {
  it('passes on a subsequence and says where the order broke', async () => {
    const t = createTestTracker()
    for (const name of ['Viewed Pricing', 'Opened Menu', 'Clicked Upgrade', 'Started Checkout'])
      (t.tracker.track as unknown as Loose)(name)
    await t.tracker.flush()
    expect(t).toHaveTrackedInOrder(['Viewed Pricing', 'Clicked Upgrade', 'Started Checkout'])
    expect(t).not.toHaveTrackedInOrder(['Started Checkout', 'Viewed Pricing'])
    const result = trackplanMatchers.toHaveTrackedInOrder.call({}, t, [
      'Viewed Pricing',
      'Started Checkout',
      'Clicked Upgrade',
    ])
    expect(result.pass).toBe(false)
    expect(result.message().split('\n')[0]).toBe(
      'expected "Viewed Pricing" → "Started Checkout" → "Clicked Upgrade" to be tracked in this order; after "Viewed Pricing" → "Started Checkout", "Clicked Upgrade" never was; tracked in order:',
    )
  })
})
