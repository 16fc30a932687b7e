import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import { TrackErrorBoundary, useTrackError } from 'trackplan'
import { waitForEvent } from './support/storyTracker'

function PriceWidget({ crash }: { crash: boolean }) {
  if (crash) throw new TypeError("Cannot read properties of undefined (reading 'amount')")
  return <p>$12 / month</p>
}

function Demo() {
  const [crash, setCrash] = useState(false)
  const trackError = useTrackError()
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 320 }}>
      <TrackErrorBoundary
        fallback={({ reset }) => (
          <div role="alert">
            The price could not be shown.{' '}
            <button
              type="button"
              onClick={() => {
                setCrash(false)
                reset()
              }}
            >
              Retry
            </button>
          </div>
        )}
      >
        <PriceWidget crash={crash} />
      </TrackErrorBoundary>
      <button type="button" onClick={() => setCrash(true)}>
        Break the widget
      </button>
      <button
        type="button"
        onClick={() => trackError(new Error('Payment declined by the bank'), { step: 'payment' })}
      >
        Show a handled error
      </button>
    </div>
  )
}

const meta = { title: 'Components/TrackErrorBoundary', component: Demo } satisfies Meta<typeof Demo>
export default meta
type Story = StoryObj<typeof meta>

/** A render error is recorded as Encountered Error and the fallback is shown; a handled one too, with handled: true. */
export const CrashAndRecover: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const quiet = console.error
    console.error = () => {}
    await userEvent.click(canvas.getByRole('button', { name: 'Break the widget' }))
    console.error = quiet
    await canvas.findByRole('alert')
    await userEvent.click(canvas.getByRole('button', { name: 'Show a handled error' }))
    const events = await waitForEvent('Encountered Error')
    const errors = events.filter((e) => e.event === 'Encountered Error')
    await expect(errors.map((e) => [e.properties.component ?? null, e.properties.handled])).toEqual(
      [
        ['PriceWidget', false],
        [null, true],
      ],
    )
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }))
    await canvas.findByText('$12 / month')
  },
}
