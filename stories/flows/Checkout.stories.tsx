import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import { TrackClick, useTrack, useTrackError } from 'trackplan'
import { waitForEvent } from '../support/storyTracker'

const PRODUCTS = [
  { sku: 'mug', name: 'Mug', price: 12 },
  { sku: 'tee', name: 'T-shirt', price: 25 },
]

/** A shop: add to cart, check out, pay. The first payment of a declined card fails. */
function Shop({ declineFirstPayment }: { declineFirstPayment: boolean }) {
  const [cart, setCart] = useState<typeof PRODUCTS>([])
  const [step, setStep] = useState<'shop' | 'checkout' | 'done'>('shop')
  const [attempts, setAttempts] = useState(0)
  const [message, setMessage] = useState('')
  const track = useTrack() as (event: string, properties?: Record<string, unknown>) => unknown
  const trackError = useTrackError()
  const total = cart.reduce((sum, p) => sum + p.price, 0)
  if (step === 'done')
    return (
      <p role="status" className="tp-success">
        Thank you! Order placed.
      </p>
    )
  if (step === 'checkout') {
    return (
      <div className="tp-page tp-card" style={{ maxWidth: 320 }}>
        <h2>Checkout</h2>
        <p className="tp-note">
          {cart.length} item(s), ${total}
        </p>
        <button
          type="button"
          className="tp-button"
          onClick={() => {
            setAttempts((n) => n + 1)
            if (declineFirstPayment && attempts === 0) {
              trackError(new Error('Card declined (insufficient funds)'), { step: 'payment' })
              setMessage('Your card was declined. Try another card.')
              return
            }
            track('Completed Purchase', { orderId: `order-${Date.now()}`, total })
            setStep('done')
          }}
        >
          Pay ${total}
        </button>
        <p role="alert" className="tp-alert">
          {message}
        </p>
      </div>
    )
  }
  return (
    <div className="tp-page" style={{ maxWidth: 420 }}>
      <h2>Shop</h2>
      <div className="tp-cards">
        {PRODUCTS.map((p) => (
          <div key={p.sku} className="tp-card">
            <h3>{p.name}</h3>
            <p className="tp-price">${p.price}</p>
            <TrackClick event="Added to Cart" properties={{ sku: p.sku, price: p.price }}>
              <button
                type="button"
                className="tp-button"
                data-variant="secondary"
                onClick={() => setCart((c) => [...c, p])}
              >
                Add {p.name} (${p.price})
              </button>
            </TrackClick>
          </div>
        ))}
      </div>
      <button
        type="button"
        className="tp-button"
        disabled={cart.length === 0}
        onClick={() => {
          track('Started Checkout', { items: cart.length, total })
          setStep('checkout')
        }}
      >
        Checkout ({cart.length})
      </button>
    </div>
  )
}

const meta = {
  title: 'Flows/Checkout funnel',
  component: Shop,
  args: { declineFirstPayment: true },
} satisfies Meta<typeof Shop>
export default meta
type Story = StoryObj<typeof meta>

/** Added to Cart ×2 → Started Checkout → a failed payment (Encountered Error) → Completed Purchase. Open the Funnel tab. */
export const PurchaseWithFailedPayment: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Add Mug ($12)' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Add T-shirt ($25)' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Checkout (2)' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Pay $37' }))
    await canvas.findByText('Your card was declined. Try another card.')
    await userEvent.click(canvas.getByRole('button', { name: 'Pay $37' }))
    const events = await waitForEvent('Completed Purchase')
    await expect(events.map((e) => e.event)).toEqual([
      'Added to Cart',
      'Added to Cart',
      'Started Checkout',
      'Encountered Error',
      'Completed Purchase',
    ])
    await expect(events[3]?.properties).toMatchObject({
      handled: true,
      step: 'payment',
      message: 'Card declined (insufficient funds)',
    })
  },
}

/** Items added, then the shopper leaves: the funnel stops at the first step. */
export const AbandonedCart: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Add Mug ($12)' }))
    const events = await waitForEvent('Added to Cart')
    await expect(events.map((e) => e.event)).toEqual(['Added to Cart'])
  },
}
