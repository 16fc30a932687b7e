import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { useRageClicks } from 'trackplan'
import { waitForEvent } from './support/storyTracker'

/** A button that looks clickable and does nothing: the classic rage-click trap. */
function Trap() {
  useRageClicks()
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 320 }}>
      <p>Click the button below quickly, three times or more.</p>
      <button
        type="button"
        data-track-id="apply-coupon"
        aria-label="Apply coupon"
        onClick={() => {}}
      >
        Apply coupon
      </button>
      <input aria-label="Coupon code" placeholder="Clicking in here is never rage" />
    </div>
  )
}

const meta = { title: 'Negative signals/Rage clicks', component: Trap } satisfies Meta<typeof Trap>
export default meta
type Story = StoryObj<typeof meta>

/** Four quick clicks → one Rage Clicked with clickCount 4 and the button described without its text. */
export const RageClickTrap: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const button = canvas.getByRole('button', { name: 'Apply coupon' })
    for (let i = 0; i < 4; i++) await userEvent.click(button)
    const events = await waitForEvent('Rage Clicked', 3000)
    await expect(events.at(-1)?.properties).toEqual({
      target: 'button#apply-coupon[aria-label="Apply coupon"]',
      clickCount: 4,
    })
  },
}
