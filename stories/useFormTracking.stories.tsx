import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { expect, userEvent, within } from 'storybook/test'
import { useFormTracking } from 'trackplan'
import { waitForEvent } from './support/storyTracker'

interface Payment {
  name: string
  card: string
}

/** A payment form built with react-hook-form, tracked through useFormTracking. */
function PaymentForm({ declineFirst }: { declineFirst: boolean }) {
  const form = useFormTracking({ name: 'Payment' })
  const { register, handleSubmit, formState } = useForm<Payment>()
  const [attempts, setAttempts] = useState(0)
  const [status, setStatus] = useState('')
  return (
    <form
      ref={form.ref}
      noValidate
      aria-label="Payment"
      style={{ display: 'grid', gap: 8, maxWidth: 280 }}
      onSubmit={handleSubmit(
        async () => {
          setAttempts((n) => n + 1)
          await new Promise((r) => setTimeout(r, 30))
          if (declineFirst && attempts === 0) {
            setStatus('Card declined, try again.')
            form.failure(new Error('Card declined'))
            return
          }
          setStatus('Paid.')
          form.success()
        },
        (errors) => form.failure(errors),
      )}
    >
      <label>
        Name on card <input {...register('name', { required: true })} />
      </label>
      <label>
        Card number{' '}
        <input autoComplete="cc-number" {...register('card', { required: true, minLength: 12 })} />
      </label>
      {formState.errors.card ? <span role="alert">Check the card number</span> : null}
      <button type="submit">Pay</button>
      <p role="status">{status}</p>
    </form>
  )
}

const meta = {
  title: 'Hooks/useFormTracking',
  component: PaymentForm,
  args: { declineFirst: true },
} satisfies Meta<typeof PaymentForm>
export default meta
type Story = StoryObj<typeof meta>

/** Library validation errors, a declined card, then a payment: each is an event; the card number never is. */
export const ReactHookForm: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByLabelText('Card number'), '4242')
    await userEvent.click(canvas.getByRole('button', { name: 'Pay' }))
    await waitForEvent('Failed Form Submission')
    await userEvent.type(canvas.getByLabelText('Name on card'), 'Jo Doe')
    await userEvent.type(canvas.getByLabelText('Card number'), '42424242')
    await userEvent.click(canvas.getByRole('button', { name: 'Pay' }))
    await canvas.findByText('Card declined, try again.')
    await userEvent.click(canvas.getByRole('button', { name: 'Pay' }))
    const events = await waitForEvent('Submitted Form')
    await expect(events.map((e) => [e.event, e.properties.reason ?? null])).toEqual([
      ['Started Form', null],
      ['Failed Form Submission', 'validation'],
      ['Failed Form Submission', 'exception'],
      ['Submitted Form', null],
    ])
    await expect(JSON.stringify(events)).not.toContain('42424242')
  },
}
