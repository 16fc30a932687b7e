import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import { useTrack, useTracker, useTrackOnMount } from 'trackplan'
import { waitForEvent } from './support/storyTracker'

function PricingPage() {
  useTrackOnMount('Viewed Pricing', { plan: 'pro' })
  const track = useTrack()
  const tracker = useTracker()
  const [user, setUser] = useState<string | null>(null)
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 320 }}>
      <h2 style={{ margin: 0 }}>Pricing</h2>
      <button type="button" onClick={() => track('Clicked Plan', { plan: 'team' })}>
        Choose Team
      </button>
      <button
        type="button"
        onClick={() => {
          tracker.identify('user-42', { plan: 'team' })
          setUser('user-42')
        }}
      >
        Sign in as user-42
      </button>
      <button
        type="button"
        onClick={() => {
          tracker.reset()
          setUser(null)
        }}
      >
        Sign out
      </button>
      <p>Signed in: {user ?? 'nobody'}</p>
    </div>
  )
}

const meta = {
  title: 'Hooks/useTrack, useTracker, useTrackOnMount',
  component: PricingPage,
} satisfies Meta<typeof PricingPage>
export default meta
type Story = StoryObj<typeof meta>

/** `useTrackOnMount` fires once; `useTrack` on click; `useTracker` for identify and reset. */
export const Pricing: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitForEvent('Viewed Pricing')
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in as user-42' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Choose Team' }))
    const events = await waitForEvent('Clicked Plan')
    await expect(events.map((e) => e.event ?? e.type)).toEqual([
      'Viewed Pricing',
      'identify',
      'Clicked Plan',
    ])
    await expect(events.at(-1)?.userId).toBe('user-42')
  },
}
