import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { builtInEvents, defineTrackingPlan, TrackClick, TrackingProvider } from 'trackplan'
import {
  createTestTracker,
  firedEventNames,
  planCoverage,
  trackplanMatchers,
} from 'trackplan/testing'
import 'trackplan/testing/vitest'

const plan = defineTrackingPlan({
  events: {
    ...builtInEvents,
    'Viewed Pricing': {
      properties: {
        plan: { type: 'string', enum: ['free', 'pro'], required: true },
        tags: { type: 'array' },
      },
    },
    'Clicked Plan': {},
  },
})
type Loose = (event: string, properties?: Record<string, unknown>) => unknown

describe('createTestTracker', () => {
  it('records delivered events, every record with its violations, and clears', async () => {
    const t = createTestTracker({ plan })
    const track = t.tracker.track as unknown as Loose
    track('Viewed Pricing', { plan: 'pro' })
    track('Viewed Pricing', { plan: 'gold' })
    await t.tracker.flush()
    expect(t.events().map((e) => e.properties.plan)).toEqual(['pro', 'gold'])
    expect(t.violations().map((v) => v.kind)).toEqual(['enum'])
    expect(t.records()).toHaveLength(2)
    t.clear()
    expect(t.events()).toEqual([])
    expect(t.violations()).toEqual([])
  })

  it('works as the tracker of a rendered tree, and with validation: throw for tests', async () => {
    const t = createTestTracker({ plan, validation: 'throw' })
    render(
      <TrackingProvider tracker={t.tracker}>
        <TrackClick event="Clicked Plan">
          <button>Pro</button>
        </TrackClick>
      </TrackingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Pro' }))
    await t.tracker.flush()
    expect(t).toHaveTracked('Clicked Plan')
    expect(() => (t.tracker.track as unknown as Loose)('Viewed Pricing', {})).toThrow(
      /missing required property "plan"/,
    )
  })
})

describe('matchers', () => {
  const setup = async () => {
    const t = createTestTracker({ plan })
    const track = t.tracker.track as unknown as Loose
    track('Viewed Pricing', { plan: 'pro', tags: ['a', 'b'], nested: { x: 1, y: 2 } })
    track('Clicked Plan')
    track('Clicked Plan')
    await t.tracker.flush()
    return t
  }

  it('toHaveTracked: by name, by property subset (asymmetric matchers too), on a tracker or an array', async () => {
    const t = await setup()
    expect(t).toHaveTracked('Viewed Pricing')
    expect(t).toHaveTracked('Viewed Pricing', { plan: 'pro' })
    expect(t).toHaveTracked('Viewed Pricing', { nested: { x: 1 }, tags: ['a', expect.any(String)] })
    expect(t.events()).toHaveTracked('Clicked Plan')
    expect(t).not.toHaveTracked('Viewed Pricing', { plan: 'free' })
    expect(t).not.toHaveTracked('Signed Up')
  })

  it('toHaveTracked fails with a message listing what was tracked instead', async () => {
    const t = await setup()
    const result = trackplanMatchers.toHaveTracked.call({}, t, 'Viewed Pricing', { plan: 'free' })
    expect(result.pass).toBe(false)
    expect(result.message()).toBe(
      'expected "Viewed Pricing" with {"plan":"free"} to be tracked (it was, with other properties); tracked instead:\n' +
        '  - Viewed Pricing {"plan":"pro","tags":["a","b"],"nested":{"x":1,"y":2}}\n' +
        '  - Clicked Plan {}\n' +
        '  - Clicked Plan {}',
    )
    expect(() => expect(t).toHaveTracked('Signed Up')).toThrow(
      /tracked instead:\n {2}- Viewed Pricing/,
    )
  })

  it('toHaveTrackedTimes counts', async () => {
    const t = await setup()
    expect(t).toHaveTrackedTimes('Clicked Plan', 2)
    expect(t).toHaveTrackedTimes('Signed Up', 0)
    expect(() => expect(t).toHaveTrackedTimes('Clicked Plan', 1)).toThrow(
      'expected "Clicked Plan" to be tracked 1 time(s), it was 2',
    )
  })

  it('toHaveNoPlanViolations reads a test tracker, or checks an array against a plan', async () => {
    const t = await setup()
    expect(t).toHaveNoPlanViolations()
    ;(t.tracker.track as unknown as Loose)('Viewed Pricing', { plan: 'gold' })
    await t.tracker.flush()
    expect(() => expect(t).toHaveNoPlanViolations()).toThrow(
      /found 1:\n {2}- "Viewed Pricing": property "plan" must be one of "free", "pro"; got "gold"/,
    )
    expect(() => expect(t.events()).toHaveNoPlanViolations(plan)).toThrow(/found 1/)
    expect(() => expect(t.events()).toHaveNoPlanViolations()).toThrow('pass the plan')
  })

  it('rejects what is neither a tracker nor envelopes', () => {
    expect(() => expect('nope').toHaveTracked('X')).toThrow(
      'toHaveTracked takes a test tracker (createTestTracker) or an array of envelopes',
    )
  })
})

describe('planCoverage', () => {
  it('lists fired, missing and unplanned events', async () => {
    const t = createTestTracker({ plan, validation: 'off' })
    const track = t.tracker.track as unknown as Loose
    track('Viewed Pricing', { plan: 'pro' })
    track('Clicked Something Else')
    t.tracker.page('Home')
    await t.tracker.flush()
    expect(planCoverage(plan, t.events())).toEqual({
      fired: ['Viewed Pricing'],
      missing: [...Object.keys(builtInEvents), 'Clicked Plan'],
      unplanned: ['Clicked Something Else'],
    })
    expect(firedEventNames()).toEqual(
      expect.arrayContaining(['Viewed Pricing', 'Clicked Something Else']),
    )
  })
})
