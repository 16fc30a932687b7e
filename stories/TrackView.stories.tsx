import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect } from 'storybook/test'
import { TrackView } from 'trackplan'
import { waitForEvent } from './support/storyTracker'

interface Args {
  event: string
  threshold: number
}

const meta = {
  title: 'Components/TrackView',
  args: { event: 'Viewed Pricing Table', threshold: 0.5 },
  argTypes: { threshold: { control: { type: 'range', min: 0, max: 1, step: 0.05 } } },
  render: ({ event, threshold }) => (
    <TrackView event={event} threshold={threshold} properties={{ rows: 3 }}>
      <table style={{ borderCollapse: 'collapse' }}>
        <tbody>
          {['Free', 'Pro', 'Team'].map((plan) => (
            <tr key={plan}>
              <td style={{ border: '1px solid #ccc', padding: 8 }}>{plan}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TrackView>
  ),
} satisfies Meta<Args>
export default meta
type Story = StoryObj<typeof meta>

/** On screen from the start: fires once as soon as half of it is visible. */
export const VisibleOnMount: Story = {
  play: async ({ args }) => {
    const events = await waitForEvent(args.event)
    await expect(events.filter((e) => e.event === args.event)).toHaveLength(1)
  },
}

/** Below the fold: scroll down inside the box and watch the event arrive, once. */
export const BelowTheFold: Story = {
  render: ({ event, threshold }) => (
    <div style={{ height: 200, overflow: 'auto', border: '1px dashed #aaa' }}>
      <div style={{ height: 600, padding: 8 }}>Scroll down ↓</div>
      <TrackView event={event} threshold={threshold}>
        <footer style={{ padding: 24, background: '#eef' }}>The footer, finally</footer>
      </TrackView>
    </div>
  ),
}
