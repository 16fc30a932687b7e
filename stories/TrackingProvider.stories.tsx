import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import {
  createTracker,
  memorySink,
  TrackClick,
  TrackingProvider,
  type ConsentState,
} from 'trackplan'

/**
 * An app tree with its own provider, rendered unchanged: the Tracking panel hears its tracker
 * too. The consent control shows what each state does to an event.
 */
function ConsentDemo({ consent, app }: { consent: ConsentState; app: string }) {
  const [memory] = useState(() => memorySink())
  const [tracker] = useState(() => createTracker({ sinks: [memory], storage: 'memory', consent }))
  const [sent, setSent] = useState(0)
  return (
    <TrackingProvider tracker={tracker} consent={consent} properties={{ app }}>
      <div style={{ display: 'grid', gap: 8, maxWidth: 360 }}>
        <p>
          Consent: <strong>{consent}</strong> —{' '}
          {consent === 'granted'
            ? 'events are sent'
            : consent === 'pending'
              ? 'events wait in memory'
              : 'events are discarded'}
        </p>
        <TrackClick event="Clicked Plan" properties={{ plan: 'pro' }}>
          <button type="button">Choose Pro</button>
        </TrackClick>
        <button
          type="button"
          onClick={async () => {
            await tracker.flush()
            setSent(memory.events.length)
          }}
        >
          Count delivered events
        </button>
        <p role="status">Delivered: {sent}</p>
      </div>
    </TrackingProvider>
  )
}

const meta = {
  title: 'Components/TrackingProvider',
  component: ConsentDemo,
  args: { consent: 'granted', app: 'playground' },
  argTypes: { consent: { control: 'inline-radio', options: ['granted', 'pending', 'denied'] } },
} satisfies Meta<typeof ConsentDemo>
export default meta
type Story = StoryObj<typeof meta>

/** Granted: a click is delivered, with the provider's properties. */
export const ConsentGranted: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Choose Pro' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Count delivered events' }))
    await expect(await canvas.findByText('Delivered: 1')).toBeTruthy()
  },
}

/** Pending: the click waits in memory, nothing is delivered until consent is granted. */
export const ConsentPending: Story = {
  args: { consent: 'pending' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Choose Pro' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Count delivered events' }))
    await expect(await canvas.findByText('Delivered: 0')).toBeTruthy()
  },
}
