import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { TrackClick } from 'trackplan'
import { waitForEvent } from './support/storyTracker'

interface Args {
  event: string
  plan: string
  label: string
}

const meta = {
  title: 'Components/TrackClick',
  args: { event: 'Clicked Plan', plan: 'pro', label: 'Choose Pro' },
  argTypes: { plan: { control: 'inline-radio', options: ['free', 'pro', 'team'] } },
  render: ({ event, plan, label }) => (
    <TrackClick event={event} properties={{ plan }}>
      <button type="button">{label}</button>
    </TrackClick>
  ),
} satisfies Meta<Args>
export default meta
type Story = StoryObj<typeof meta>

/** A click on the button records the event with its properties; the button is untouched. */
export const Basic: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: args.label }))
    const events = await waitForEvent(args.event)
    await expect(
      events.filter((e) => e.event === args.event).map((e) => e.properties.plan),
    ).toEqual([args.plan])
  },
}

/** `properties` may be computed from the click: here, which modifier key was held. */
export const PropertiesFromTheClick: Story = {
  render: ({ event, label }) => (
    <TrackClick event={event} properties={(e) => ({ withShift: e.shiftKey, button: e.button })}>
      <button type="button">{label}</button>
    </TrackClick>
  ),
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: args.label }))
    const events = await waitForEvent(args.event)
    await expect(events.at(-1)?.properties).toEqual({ withShift: false, button: 0 })
  },
}

/** A link whose own handler prevents navigation (a client-side router) is still tracked. */
export const ClientSideLink: Story = {
  args: { event: 'Clicked Pricing Link', label: 'Pricing' },
  render: ({ event, label }) => (
    <TrackClick event={event}>
      <a href="#pricing" onClick={(e) => e.preventDefault()}>
        {label}
      </a>
    </TrackClick>
  ),
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole('link', { name: args.label }))
    const events = await waitForEvent(args.event)
    await expect(events.map((e) => e.event)).toContain(args.event)
  },
}
