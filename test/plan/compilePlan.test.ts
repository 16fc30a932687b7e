// compilePlan is a collector's checker (issue 33): it meets whatever senders post. Each test
// here failed before its fix.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compilePlan, type TrackingPlan, type Violation } from 'trackplan/server'
import { lintPlan } from 'trackplan/tools'
import { UNPLANNED_NAMES_KEPT } from '../../src/plan/nameVerdicts'
import { checkerCacheSizes } from '../../src/plan/validate'

const plan: TrackingPlan = {
  naming: 'verb-noun',
  events: {
    'Viewed Pricing': {
      properties: {
        plan: { type: 'string', enum: ['free', 'pro'], required: true },
        meta: { type: 'string' },
      },
    },
    'Signed Up': {},
  },
}

/** What a collector does: the checker, given a parsed body it knows nothing about. */
const checkWith = (p: TrackingPlan) => {
  const check = compilePlan(p)
  return (envelope: unknown) => check(envelope as never)
}
const kinds = (found: readonly Violation[]) => found.map((v) => v.kind)

describe('envelopes that are not well-formed track calls', () => {
  it('a track call without properties is checked as {}; page, identify and alias are not checked', () => {
    const check = checkWith(plan)
    expect(check({ type: 'track', event: 'Viewed Pricing' })).toEqual([
      {
        kind: 'missing',
        event: 'Viewed Pricing',
        property: 'plan',
        message: '"Viewed Pricing": missing required property "plan" (a string)',
      },
    ])
    expect(check({ type: 'track', event: 'Signed Up' })).toEqual([])
    for (const type of ['page', 'identify', 'alias', 'screen', 'group'])
      expect(check({ type, event: 42, properties: null })).toEqual([])
  })

  it.each([
    [null, 'the envelope must be an object, got null'],
    ['track', 'the envelope must be an object, got a string ("track")'],
    [[{ type: 'track' }], 'the envelope must be an object, got an array ([{"type":"track"}])'],
    [
      {},
      'the envelope\'s type must be "track" (page, screen, identify, group and alias calls are not checked), got none',
    ],
    [
      { type: 'trak', event: 'Signed Up' },
      'the envelope\'s type must be "track" (page, screen, identify, group and alias calls are not checked), got a string ("trak")',
    ],
    [{ type: 'track' }, 'a track call needs an event name, got none'],
    [{ type: 'track', event: 42 }, "a track call's event name must be a string, got a number (42)"],
    [
      { type: 'track', event: { toString: 'x' } },
      'a track call\'s event name must be a string, got an object ({"toString":"x"})',
    ],
  ])('%j is malformed', (envelope, message) => {
    expect(checkWith(plan)(envelope)).toEqual([{ kind: 'malformed', event: '', message }])
  })

  it('properties that are not an object: malformed, beside what the name tells', () => {
    const check = checkWith(plan)
    expect(check({ type: 'track', event: 'Signed Up', properties: null })).toEqual([
      {
        kind: 'malformed',
        event: 'Signed Up',
        message: '"Signed Up": properties must be an object, got null',
      },
    ])
    expect(kinds(check({ type: 'track', event: 'signed up', properties: [1] }))).toEqual([
      'unplanned',
      'duplicate',
      'naming',
      'malformed',
    ])
  })
})

describe('no state shared between envelopes', () => {
  it('an unplanned name is compared with the plan only, never with names seen before', () => {
    const alone = checkWith(plan)({ type: 'track', event: 'sign_in', properties: {} })
    const check = checkWith(plan)
    check({ type: 'track', event: 'Sign In', properties: {} })
    check({ type: 'track', event: 'signin', properties: {} })
    expect(check({ type: 'track', event: 'sign_in', properties: {} })).toEqual(alone)
    expect(alone.map((v) => v.message)).toEqual([
      '"sign_in" is not in the tracking plan',
      '"sign_in" should be words separated by single spaces: "Sign In"',
      '"sign_in" should start with a past-tense verb ("Viewed", "Added", "Submitted")',
    ])
  })

  it('the caches stay bounded whatever names senders make up', () => {
    const check = compilePlan(plan)
    expect(checkerCacheSizes(check)).toEqual({ names: 0, validators: 0 })
    const track = (event: string) =>
      check({ type: 'track', event, properties: { plan: 'free' } } as never)
    for (let i = 0; i < 100_000; i++) track(`Viewed Page ${i}`)
    track('Viewed Pricing')
    // planned names are kept (the plan bounds them), the others only the latest few
    const sizes = checkerCacheSizes(check)!
    expect(sizes.names).toBeLessThanOrEqual(UNPLANNED_NAMES_KEPT + 2)
    expect(sizes.validators).toBe(1)
  })
})

describe('hostile sizes', () => {
  it('a 1 MB event name is judged in linear time, and messages quote it cut', () => {
    const check = checkWith(plan)
    const started = performance.now()
    const found = check({ type: 'track', event: 'A'.repeat(1_000_000), properties: {} })
    expect(performance.now() - started).toBeLessThan(1000)
    expect(kinds(found)).toEqual(['unplanned', 'naming'])
    for (const v of found) expect(v.message.length).toBeLessThanOrEqual(200)
  })

  it('a value nested 10,000 levels deep is reported, not a stack overflow', () => {
    let deep: unknown = 'bottom'
    for (let i = 0; i < 10_000; i++) deep = { next: [deep] }
    const found = checkWith(plan)({
      type: 'track',
      event: 'Viewed Pricing',
      properties: { plan: 'free', meta: deep },
    })
    expect(found).toEqual([
      {
        kind: 'type',
        event: 'Viewed Pricing',
        property: 'meta',
        message: expect.stringMatching(
          /^"Viewed Pricing": property "meta" must be a string, got an object \(\{"next":\[\{"next":/,
        ) as string,
      },
    ])
    expect(found[0]!.message.length).toBeLessThanOrEqual(200)
  })

  it('values that are not JSON (a bigint, a symbol, a null-prototype object) are reported', () => {
    const check = checkWith(plan)
    const meta = (value: unknown) =>
      check({
        type: 'track',
        event: 'Viewed Pricing',
        properties: { plan: 'free', meta: value },
      }).map((v) => v.message)
    expect(meta(10n)).toEqual([
      '"Viewed Pricing": property "meta" must be a string, got a bigint (10n)',
    ])
    expect(meta(Symbol('s'))).toEqual([
      '"Viewed Pricing": property "meta" must be a string, got a symbol (Symbol(s))',
    ])
    expect(meta(Object.create(null))).toEqual([
      '"Viewed Pricing": property "meta" must be a string, got an object ({})',
    ])
  })
})

describe('names of Object.prototype members', () => {
  const proto: TrackingPlan = {
    events: JSON.parse(
      '{"Saved Item": {"properties": {"constructor": {"type": "string", "required": true}, "toString": {"type": "string"}, "hasOwnProperty": {"type": "number"}, "__proto__": {"type": "boolean"}}, "additionalProperties": false}, "__proto__": {"properties": {"valueOf": {"type": "string", "required": true}}}, "toString": {}}',
    ),
  }

  it('as properties: read from the envelope only when it has them', () => {
    const check = checkWith(proto)
    const saved = (properties: string) =>
      check({ type: 'track', event: 'Saved Item', properties: JSON.parse(properties) }).map(
        (v) => v.message,
      )
    expect(saved('{"constructor": "a"}')).toEqual([])
    expect(
      saved('{"constructor": "a", "toString": "b", "hasOwnProperty": 1, "__proto__": true}'),
    ).toEqual([])
    expect(saved('{}')).toEqual([
      '"Saved Item": missing required property "constructor" (a string)',
    ])
    expect(saved('{"constructor": "a", "__proto__": "yes"}')).toEqual([
      '"Saved Item": property "__proto__" must be a boolean, got a string ("yes")',
    ])
    expect(saved('{"constructor": "a", "valueOf": 1}')).toEqual([
      '"Saved Item": unexpected property "valueOf" (the plan lists "constructor", "toString", "hasOwnProperty", "__proto__")',
    ])
  })

  it('as event names: planned ones are checked, unplanned ones are unplanned', () => {
    const check = checkWith(proto)
    const named = (event: string, properties: object = {}) =>
      check({ type: 'track', event, properties }).map((v) => `${v.kind}: ${v.message}`)
    expect(named('__proto__')).toEqual([
      'missing: "__proto__": missing required property "valueOf" (a string)',
    ])
    expect(named('__proto__', { valueOf: 'v' })).toEqual([])
    expect(named('toString')).toEqual([])
    expect(named('constructor', { plan: 1 })).toEqual([
      'unplanned: "constructor" is not in the tracking plan',
    ])
    expect(named('hasOwnProperty')).toEqual([
      'unplanned: "hasOwnProperty" is not in the tracking plan',
    ])
    // on a plan without them, too
    expect(checkWith(plan)({ type: 'track', event: '__proto__', properties: {} })).toHaveLength(3)
  })
})

describe('plain specs mean what the exported JSON Schema means (found by the ajv differential)', () => {
  it('an enum of objects matches an object whose keys come in another order', () => {
    const layouts: TrackingPlan = {
      events: {
        'Chose Layout': {
          properties: { layout: { type: 'object', enum: [{ columns: 2, dense: true }] } },
        },
      },
    }
    const check = checkWith(layouts)
    const layout = (value: unknown) =>
      kinds(check({ type: 'track', event: 'Chose Layout', properties: { layout: value } }))
    expect(layout({ dense: true, columns: 2 })).toEqual([])
    expect(layout({ dense: true, columns: 2, extra: 1 })).toEqual(['enum'])
    expect(layout({ dense: true })).toEqual(['enum'])
  })

  it('additionalProperties: false on an object without properties allows no key', () => {
    const closed: TrackingPlan = {
      events: {
        'Saved Filter': {
          properties: { filter: { type: 'object', additionalProperties: false } },
        },
      },
    }
    const check = checkWith(closed)
    const filter = (value: unknown) =>
      check({ type: 'track', event: 'Saved Filter', properties: { filter: value } }).map(
        (v) => v.message,
      )
    expect(filter({})).toEqual([])
    expect(filter({ q: 'x' })).toEqual([
      '"Saved Filter": unexpected property "filter.q" (the plan lists none)',
    ])
  })
})

describe('plans a checker cannot use', () => {
  it('a null property spec is a violation naming the event and property, never a throw', () => {
    const broken = { events: { 'Chose Plan': { properties: { plan: null } } } } as never
    expect(checkWith(broken)({ type: 'track', event: 'Chose Plan', properties: {} })).toEqual([
      {
        kind: 'plan',
        event: 'Chose Plan',
        property: 'plan',
        message:
          '"Chose Plan": property "plan" has no spec (null): give it one ({ type: \'string\' }) or a schema',
      },
    ])
  })

  it('a schema for a Date or a BigInt can never pass: the envelope carries JSON', () => {
    const dated: TrackingPlan = {
      events: {
        'Booked Demo': {
          properties: {
            at: z.date(),
            count: z.bigint().optional(),
            when: z.iso.datetime(),
            coerced: z.coerce.date().optional(),
          },
        },
      },
    }
    expect(lintPlan(dated).map((p) => p.message)).toEqual([
      'property "at" can never pass: it takes a Date, which never arrives: the envelope carries JSON, where a Date is its ISO string; use z.iso.datetime() (or z.coerce.date())',
      'property "count" can never pass: it takes a BigInt, which never arrives: the envelope carries JSON, where a BigInt is a string of digits; use z.number() or z.string()',
    ])
    const found = checkWith(dated)({
      type: 'track',
      event: 'Booked Demo',
      properties: { at: new Date(0).toISOString(), count: '12', when: new Date(0).toISOString() },
    })
    expect(found.map((v) => [v.kind, v.property])).toEqual([
      ['schema', 'at'],
      ['schema', 'count'],
    ])
    expect(found[0]!.message).toMatch(
      /^"Booked Demo": property "at" is invalid: .* \(it takes a Date, which never arrives: the envelope carries JSON, where a Date is its ISO string; use z.iso.datetime\(\) \(or z.coerce.date\(\)\)\)$/,
    )
  })
})
