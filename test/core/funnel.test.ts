import { describe, expect, it } from 'vitest'
import { funnel, type TrackedEvent } from 'trackplan/core'

let clock = 0
const ev = (event: string, person = 'anon-1', type: TrackedEvent['type'] = 'track'): TrackedEvent =>
  ({
    type,
    event,
    properties: {},
    userId: null,
    anonymousId: person,
    messageId: String(clock),
    timestamp: new Date(Date.UTC(2026, 0, 1) + clock++ * 1000).toISOString(),
    context: { library: { name: 'trackplan', version: '0' } },
  }) as TrackedEvent

const steps = ['Added to Cart', 'Started Checkout', 'Completed Purchase']

describe('funnel', () => {
  it('counts journeys through ordered steps, with conversion from the previous and the first step', () => {
    const events = [
      ev('Added to Cart'),
      ev('Viewed Pricing'),
      ev('Added to Cart'),
      ev('Started Checkout'),
      ev('Completed Purchase'),
      ev('Added to Cart', 'anon-2'),
      ev('Started Checkout', 'anon-2'),
      ev('Added to Cart', 'anon-3'),
    ]
    expect(funnel(events, steps)).toEqual([
      { step: 'Added to Cart', count: 4, fromPrevious: null, fromFirst: 1 },
      { step: 'Started Checkout', count: 2, fromPrevious: 0.5, fromFirst: 0.5 },
      { step: 'Completed Purchase', count: 1, fromPrevious: 0.5, fromFirst: 0.25 },
    ])
  })

  it('needs the steps in order, per person; out-of-order and other people’s steps do not count', () => {
    const events = [
      ev('Started Checkout'),
      ev('Completed Purchase'),
      ev('Added to Cart'),
      ev('Started Checkout', 'someone-else'),
      ev('Completed Purchase'),
    ]
    expect(funnel(events, steps).map((s) => s.count)).toEqual([1, 0, 0])
  })

  it('orders by timestamp, ignores non-track calls, and copes with no events', () => {
    const added = ev('Added to Cart')
    const started = ev('Started Checkout')
    expect(funnel([started, added], steps).map((s) => s.count)).toEqual([1, 1, 0]) // by time, not by array order
    expect(funnel([ev('Added to Cart', 'a', 'page')], steps).map((s) => s.count)).toEqual([0, 0, 0])
    expect(funnel([], steps)).toEqual(
      steps.map((step, i) => ({ step, count: 0, fromPrevious: i === 0 ? null : 0, fromFirst: 0 })),
    )
  })
})
