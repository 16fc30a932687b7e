import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { TrackClick, TrackScope } from 'trackplan'
import { waitForEvent } from './support/storyTracker'

interface Args {
  section: string
  card: string
}

const meta = {
  title: 'Components/TrackScope',
  args: { section: 'pricing', card: 'pro' },
  parameters: { trackplan: { properties: { app: 'playground' } } },
  render: ({ section, card }) => (
    <TrackScope properties={{ section }}>
      <TrackScope properties={{ card }}>
        <TrackClick event="Clicked Plan" properties={{ plan: card }}>
          <button type="button">Choose {card}</button>
        </TrackClick>
      </TrackScope>
    </TrackScope>
  ),
} satisfies Meta<Args>
export default meta
type Story = StoryObj<typeof meta>

/** Provider, outer scope, inner scope and call site merge into one set of properties. */
export const Nested: Story = {
  play: async ({ canvasElement, args }) => {
    await userEvent.click(
      within(canvasElement).getByRole('button', { name: `Choose ${args.card}` }),
    )
    const events = await waitForEvent('Clicked Plan')
    await expect(events.at(-1)?.properties).toEqual({
      app: 'playground',
      section: args.section,
      card: args.card,
      plan: args.card,
    })
  },
}
