import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { TrackClick, TrackScope, TrackView, useTrack, useTrackOnMount } from 'trackplan'
import { waitForEvent } from '../support/storyTracker'

const PLANS = [
  { id: 'free', name: 'Free', price: 0 },
  { id: 'pro', name: 'Pro', price: 12 },
  { id: 'team', name: 'Team', price: 49 },
] as const

function PricingPage({ highlight }: { highlight: 'free' | 'pro' | 'team' }) {
  useTrackOnMount('Viewed Pricing', { plan: highlight })
  const track = useTrack() as (event: string, properties?: Record<string, unknown>) => unknown
  return (
    <TrackScope properties={{ section: 'pricing' }}>
      <h2 style={{ marginTop: 0 }}>Pricing</h2>
      <TrackView event="Viewed Pricing Table" properties={{ rows: PLANS.length }}>
        <div style={{ display: 'flex', gap: 12 }}>
          {PLANS.map((plan) => (
            <div key={plan.id} style={{ border: `2px solid ${plan.id === highlight ? '#1ea7fd' : '#ddd'}`, borderRadius: 8, padding: 12, minWidth: 120 }}>
              <h3 style={{ margin: '0 0 4px' }}>{plan.name}</h3>
              <p style={{ margin: '0 0 8px' }}>${plan.price} / month</p>
              <TrackClick event="Clicked Plan" properties={{ plan: plan.id }}>
                <button type="button">Choose {plan.name}</button>
              </TrackClick>
            </div>
          ))}
        </div>
      </TrackView>
      <p>
        <button type="button" onClick={() => track('Clicked Plan', { plan: 'enterprise' })}>
          Contact sales (sends a plan the tracking plan does not know)
        </button>
      </p>
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
    await expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['Viewed Pricing', 'Viewed Pricing Table', 'Clicked Plan']))
    await expect(events.find((e) => e.event === 'Clicked Plan')?.properties).toEqual({ section: 'pricing', plan: 'team' })
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
