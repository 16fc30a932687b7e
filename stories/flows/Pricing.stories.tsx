import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { TrackClick, TrackScope, TrackView, useTrackOnMount } from 'trackplan'
import { waitForEvent } from '../support/storyTracker'

const PLANS = [
  { id: 'free', name: 'Free', price: 0 },
  { id: 'pro', name: 'Pro', price: 12 },
  { id: 'team', name: 'Team', price: 49 },
] as const

function PricingPage({ highlight }: { highlight: 'free' | 'pro' | 'team' }) {
  useTrackOnMount('Viewed Pricing', { plan: highlight })
  return (
    <TrackScope properties={{ section: 'pricing' }}>
      <div className="tp-page">
        <h2>Pricing</h2>
        <TrackView event="Viewed Pricing Table" properties={{ rows: PLANS.length }}>
          <div className="tp-cards">
            {PLANS.map((plan) => (
              <div
                key={plan.id}
                className="tp-card"
                data-highlight={plan.id === highlight || undefined}
              >
                <h3>{plan.name}</h3>
                <p className="tp-price">
                  ${plan.price} <small>/ month</small>
                </p>
                <TrackClick event="Clicked Plan" properties={{ plan: plan.id }}>
                  <button
                    type="button"
                    className="tp-button"
                    data-variant={plan.id === highlight ? undefined : 'secondary'}
                  >
                    Choose {plan.name}
                  </button>
                </TrackClick>
              </div>
            ))}
          </div>
        </TrackView>
        {/* two on purpose, for "Show tracked elements": a value the plan does not allow, and an event it does not have */}
        <TrackClick event="Clicked Plan" properties={{ plan: 'enterprise' }}>
          <button type="button" className="tp-link">
            Contact sales (sends a plan the tracking plan does not know)
          </button>
        </TrackClick>
        <TrackClick event="Compared Plans">
          <button type="button" className="tp-link">
            Compare plans (an event the plan does not have)
          </button>
        </TrackClick>
      </div>
    </TrackScope>
  )
}

const meta = {
  title: 'Flows/Pricing page',
  component: PricingPage,
  args: { highlight: 'pro' },
  argTypes: { highlight: { control: 'inline-radio', options: ['free', 'pro', 'team'] } },
} satisfies Meta<typeof PricingPage>
export default meta
type Story = StoryObj<typeof meta>

/** Viewed Pricing on mount, the table seen, a plan chosen: each valid against the plan. */
export const ChoosePlan: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Choose Team' }))
    const events = await waitForEvent('Clicked Plan')
    await expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['Viewed Pricing', 'Viewed Pricing Table', 'Clicked Plan']),
    )
    await expect(events.find((e) => e.event === 'Clicked Plan')?.properties).toEqual({
      section: 'pricing',
      plan: 'team',
    })
  },
}

/** A planned event with a value the plan does not allow: the panel shows the violation and why. */
export const PlanViolation: Story = {
  parameters: { trackplanExpectViolations: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: /Contact sales/ }))
    const events = await waitForEvent('Clicked Plan')
    await expect(events.find((e) => e.event === 'Clicked Plan')?.properties.plan).toBe('enterprise')
  },
}
