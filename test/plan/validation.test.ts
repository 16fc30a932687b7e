import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import {
  builtInEvents,
  createTracker,
  defineTrackingPlan,
  memorySink,
  PlanViolationError,
  type EventInfo,
  type TrackplanError,
  type ValidationMode,
} from 'trackplan/core'

const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    ...builtInEvents,
    'Viewed Pricing': {
      description: 'The pricing table was shown',
      owner: 'growth',
      properties: {
        plan: { type: 'string', enum: ['free', 'pro', 'team'], required: true },
        price: { type: 'number' },
        seats: { type: 'integer' },
        annual: { type: 'boolean' },
        features: { type: 'array' },
        meta: { type: 'object' },
      },
    },
    'Completed Purchase': {
      additionalProperties: false,
      properties: {
        orderId: z.string().min(3),
        total: z.number().positive(),
        coupon: z.string().optional(),
      },
    },
    'Signed Up': {},
  },
})

// `track` is typed against `plan` here; these tests also send what the types forbid
type Loose = (
  event: string,
  properties?: Record<string, unknown>,
) => ReturnType<ReturnType<typeof createTracker>['track']>

function setup(validation?: ValidationMode) {
  const memory = memorySink()
  const errors: TrackplanError[] = []
  const heard: [string | undefined, EventInfo][] = []
  const tracker = createTracker({
    plan,
    sinks: [memory],
    storage: 'memory',
    onError: (e) => errors.push(e),
    ...(validation ? { validation } : {}),
  })
  tracker.subscribe((event, info) => heard.push([event.event, info]))
  const track = tracker.track as unknown as Loose
  return { tracker, track, memory, errors, heard }
}

const violationsOf = async (properties: Record<string, unknown>, event = 'Viewed Pricing') => {
  const { tracker, track, heard } = setup('warn')
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  track(event, properties)
  await tracker.flush()
  warn.mockRestore()
  return heard[0]![1].violations.map((v) => [v.kind, v.property ?? null, v.message])
}

afterEach(() => vi.restoreAllMocks())

describe('runtime validation: what is reported', () => {
  it('a valid event has no violations', async () => {
    expect(
      await violationsOf({
        plan: 'pro',
        price: 12.5,
        seats: 3,
        annual: true,
        features: ['sso'],
        meta: { a: 1 },
      }),
    ).toEqual([])
  })

  it('an unplanned event, with a suggestion', async () => {
    expect(await violationsOf({}, 'Viewed Pricng')).toEqual([
      [
        'unplanned',
        null,
        '"Viewed Pricng" is not in the tracking plan (did you mean "Viewed Pricing"?)',
      ],
    ])
  })

  it('a missing required property', async () => {
    expect(await violationsOf({ price: 1 })).toEqual([
      ['missing', 'plan', '"Viewed Pricing": missing required property "plan" (a string)'],
    ])
  })

  it('wrong types, naming the property and what was expected', async () => {
    expect(
      await violationsOf({
        plan: 'pro',
        price: '12',
        seats: 1.5,
        annual: 'yes',
        features: 'sso',
        meta: [1],
      }),
    ).toEqual([
      ['type', 'price', '"Viewed Pricing": property "price" must be a number, got a string ("12")'],
      [
        'type',
        'seats',
        '"Viewed Pricing": property "seats" must be an integer, got a number (1.5)',
      ],
      [
        'type',
        'annual',
        '"Viewed Pricing": property "annual" must be a boolean, got a string ("yes")',
      ],
      [
        'type',
        'features',
        '"Viewed Pricing": property "features" must be an array, got a string ("sso")',
      ],
      ['type', 'meta', '"Viewed Pricing": property "meta" must be an object, got an array ([1])'],
    ])
  })

  it('a value not in the enum', async () => {
    expect(await violationsOf({ plan: 'gold' })).toEqual([
      [
        'enum',
        'plan',
        '"Viewed Pricing": property "plan" must be one of "free", "pro", "team"; got "gold"',
      ],
    ])
  })

  it('an unexpected property when the event says additionalProperties: false', async () => {
    expect(
      await violationsOf({ orderId: 'A-1', total: 10, note: 'hi' }, 'Completed Purchase'),
    ).toEqual([
      [
        'unexpected',
        'note',
        '"Completed Purchase": unexpected property "note" (the plan lists "orderId", "total", "coupon")',
      ],
    ])
  })

  it('Standard Schema (zod) issues, with their messages; optional schemas may be absent', async () => {
    const found = await violationsOf({ orderId: 'A', total: -1 }, 'Completed Purchase')
    expect(found.map(([kind, property]) => [kind, property])).toEqual([
      ['schema', 'orderId'],
      ['schema', 'total'],
    ])
    expect(found[0]![2]).toMatch(/^"Completed Purchase": property "orderId" is invalid: .*3/)
    const missing = await violationsOf({ total: 5 }, 'Completed Purchase')
    expect(missing.map(([kind, property]) => [kind, property])).toEqual([['missing', 'orderId']])
  })

  it('a naming-convention breach and a near-duplicate of a planned name', async () => {
    const { tracker, track, heard } = setup()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    track('signed_up')
    track('pricing viewed')
    await tracker.flush()
    expect(heard[0]![1].violations.map((v) => v.kind)).toEqual(['unplanned', 'duplicate', 'naming'])
    expect(heard[0]![1].violations[1]!.message).toBe(
      '"signed_up" is a near-duplicate of "Signed Up": pick one name',
    )
    expect(heard[1]![1].violations.map((v) => v.kind)).toEqual(['unplanned', 'naming', 'naming'])
  })

  it('trackplan’s own events are planned when spread in, and pass any naming convention', async () => {
    expect(await violationsOf({ form: 'Signup', field: 'email' }, 'Started Form')).toEqual([])
    expect(await violationsOf({ target: 'button#buy', clickCount: 4 }, 'Rage Clicked')).toEqual([])
  })

  it('page, identify and alias calls are not checked against events', async () => {
    const { tracker, heard } = setup()
    tracker.page('Anything Goes')
    tracker.identify('u1')
    await tracker.flush()
    expect(heard.every(([, info]) => info.violations.length === 0)).toBe(true)
  })
})

describe('runtime validation: the modes', () => {
  it("'warn' (the default with a plan) delivers, warns once per distinct violation, and reports to onError", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { tracker, track, memory, errors } = setup()
    track('Viewed Pricing', { plan: 'platinum' })
    track('Viewed Pricing', { plan: 'platinum' })
    track('Viewed Pricing', { plan: 'diamond' })
    await tracker.flush()
    expect(memory.events).toHaveLength(3)
    const lines = warn.mock.calls.map((c) => String(c[0]))
    expect(lines).toEqual([
      '[trackplan] "Viewed Pricing": property "plan" must be one of "free", "pro", "team"; got "platinum"',
      '[trackplan] "Viewed Pricing": property "plan" must be one of "free", "pro", "team"; got "diamond"',
    ])
    expect(errors.map((e) => e.code)).toEqual([
      'plan_violation',
      'plan_violation',
      'plan_violation',
    ])
    expect(errors[0]!.violations).toHaveLength(1)
  })

  it("'drop' does not deliver, counts and reports", async () => {
    const { tracker, track, memory, errors, heard } = setup('drop')
    expect(track('Viewed Pricing', {})).toBeNull()
    track('Viewed Pricing', { plan: 'pro' })
    await tracker.flush()
    expect(memory.events.map((e) => e.properties.plan)).toEqual(['pro'])
    expect(tracker.stats().dropped.validation).toBe(1)
    expect(errors[0]).toMatchObject({ code: 'dropped', reason: 'validation' })
    expect(heard[0]![1]).toMatchObject({ dropped: 'validation', violations: [{ kind: 'missing' }] })
  })

  it("'throw' throws a PlanViolationError from track(), still reporting to listeners and onError", async () => {
    const { tracker, track, memory, errors, heard } = setup('throw')
    let thrown: unknown
    try {
      track('Viewed Pricing', { plan: 'gold' })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PlanViolationError)
    expect((thrown as PlanViolationError).violations![0]!.kind).toBe('enum')
    expect((thrown as Error).message).toContain('"Viewed Pricing": property "plan" must be one of')
    await tracker.flush()
    expect(memory.events).toEqual([])
    expect(errors).toHaveLength(1)
    expect(heard[0]![1].dropped).toBe('validation')
  })

  it("'off' checks nothing", async () => {
    const { tracker, track, memory, heard } = setup('off')
    track('Not Planned At All')
    await tracker.flush()
    expect(memory.events).toHaveLength(1)
    expect(heard[0]![1].violations).toEqual([])
  })
})

describe('plans and trackers', () => {
  it('a plan not made with defineTrackingPlan is typed but not checked, with a warning naming the fix', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const memory = memorySink()
    const raw = {
      events: { 'Viewed Pricing': { properties: { plan: { type: 'string', required: true } } } },
    } as const
    const tracker = createTracker({ plan: raw, sinks: [memory], storage: 'memory' })
    ;(tracker.track as unknown as Loose)('Viewed Pricing', {})
    await tracker.flush()
    expect(memory.events).toHaveLength(1)
    expect(warn.mock.calls.map((c) => String(c[0]))).toContain(
      '[trackplan] the plan given to createTracker() was not made with defineTrackingPlan(), so events are not checked against it at runtime: wrap it in defineTrackingPlan().',
    )
  })
})
