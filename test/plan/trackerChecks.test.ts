// A tracker's checker (what defineTrackingPlan leaves on a plan, decision 0196) meets only the
// tracker's own envelopes: on those it says what compilePlan says, message for message.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineTrackingPlan, type TrackedEvent, type TrackingPlan } from 'trackplan'
import { compilePlan } from 'trackplan/server'
import { planChecker } from '../../src/core/planChecker'
import { planArbitrary } from './arbitraries'

const trackerChecker = (plan: TrackingPlan) => planChecker(defineTrackingPlan({ ...plan }))!
const track = (event: string, properties?: object) =>
  ({ type: 'track', event, ...(properties ? { properties } : {}) }) as unknown as TrackedEvent

describe("a tracker's checker", () => {
  const plan: TrackingPlan = {
    naming: 'verb-noun',
    synonyms: [['Registered', 'Signed Up']],
    contextProperties: { app: { type: 'string' } },
    events: {
      'Viewed Pricing': {
        additionalProperties: false,
        properties: {
          plan: { type: 'string', enum: ['free', 'pro'], required: true },
          seats: { type: 'integer' },
          when: z.iso.datetime(),
        },
      },
      'Signed Up': { properties: { method: { type: 'string' } } },
    },
  }

  it.each([
    track('Viewed Pricing', { plan: 'pro' }),
    track('Viewed Pricing', { plan: 'team', seats: 1.5, app: 3, extra: true }),
    track('Viewed Pricing', { plan: 'pro', when: 'yesterday' }),
    track('Viewed Pricing'),
    track('viewed pricing', {}),
    track('Viewd Pricing', {}),
    track('Registered', {}),
    track('signed_up', { method: 'email' }),
    track('', {}),
  ])('says what compilePlan says of %j', (envelope) => {
    expect(trackerChecker(plan)(envelope)).toEqual(compilePlan(plan)(envelope))
  })

  it('passes the calls that are not track calls', () => {
    for (const type of ['page', 'screen', 'identify', 'group', 'alias'])
      expect(trackerChecker(plan)({ type, properties: {} } as unknown as TrackedEvent)).toEqual([])
  })

  it('reports a track call without a string name as malformed, never throws', () => {
    const envelope = { type: 'track', event: 42, properties: {} } as unknown as TrackedEvent
    expect(trackerChecker(plan)(envelope)).toEqual([
      { kind: 'malformed', event: '', message: "a track call's event name must be a string" },
    ])
  })

  it('agrees with compilePlan on generated plans and their events', () => {
    fc.assert(
      fc.property(
        planArbitrary(),
        fc.string({ maxLength: 12 }),
        fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
        (generated, name, properties) => {
          const names = [...Object.keys(generated.events), name]
          for (const event of names) {
            const envelope = track(event, properties)
            expect(trackerChecker(generated)(envelope)).toEqual(compilePlan(generated)(envelope))
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
