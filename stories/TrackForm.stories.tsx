import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import { outcomeControl, SignupForm, type SignupOutcome } from './support/SignupForm'
import { waitForEvent } from './support/storyTracker'

function SignupPage({ outcome }: { outcome: SignupOutcome }) {
  const [open, setOpen] = useState(true)
  const [message, setMessage] = useState('')
  return (
    <div>
      {open ? (
        <SignupForm outcome={outcome} onDone={setMessage} />
      ) : (
        <p>The signup dialog was closed.</p>
      )}
      <p role="status">{message}</p>
      {open ? (
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      ) : null}
    </div>
  )
}

const meta = {
  title: 'Components/TrackForm',
  component: SignupPage,
  ...outcomeControl,
} satisfies Meta<typeof SignupPage>
export default meta
type Story = StoryObj<typeof meta>

const fill = async (canvasElement: HTMLElement, email: string, password: string) => {
  const canvas = within(canvasElement)
  await userEvent.type(canvas.getByLabelText('Email'), email)
  await userEvent.type(canvas.getByLabelText('Password'), password)
  return canvas
}

/** Started, then Submitted with its duration and the fields touched (never their values). */
export const Success: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, 'jane@example.com', 'correct horse')
    await userEvent.click(canvas.getByRole('button', { name: 'Create account' }))
    const events = await waitForEvent('Submitted Form')
    await expect(events.map((e) => e.event)).toEqual(['Started Form', 'Submitted Form'])
    await expect(events[1]?.properties.fieldsTouched).toEqual(['email', 'password'])
    await expect(JSON.stringify(events)).not.toContain('jane@example.com')
  },
}

/** The browser blocks the submit: one Failed Form Submission listing each field and why. */
export const ValidationFailure: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, 'not-an-email', 'short')
    await userEvent.click(canvas.getByRole('button', { name: 'Create account' }))
    const events = await waitForEvent('Failed Form Submission')
    const failed = events.find((e) => e.event === 'Failed Form Submission')
    await expect(failed?.properties.reason).toBe('validation')
    await expect(failed?.properties.errors).toEqual([
      { field: 'email', code: 'typeMismatch' },
      { field: 'password', code: 'patternMismatch' },
    ])
  },
}

/** The server fails: Failed Form Submission with reason "exception" and the message. */
export const ServerError: Story = {
  args: { outcome: 'server-error' },
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, 'jane@example.com', 'correct horse')
    const swallow = (e: PromiseRejectionEvent) => e.preventDefault()
    window.addEventListener('unhandledrejection', swallow)
    await userEvent.click(canvas.getByRole('button', { name: 'Create account' }))
    const events = await waitForEvent('Failed Form Submission')
    window.removeEventListener('unhandledrejection', swallow)
    await expect(events.at(-1)?.properties).toMatchObject({
      reason: 'exception',
      message: 'POST /signup answered 500',
    })
  },
}

/** Typing, then closing the dialog: Abandoned Form with the last field and the duration. */
export const Abandonment: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByLabelText('Email'), 'jane@')
    await userEvent.click(canvas.getByRole('button', { name: 'Close' }))
    const events = await waitForEvent('Abandoned Form')
    await expect(events.at(-1)?.properties).toMatchObject({
      form: 'Signup',
      lastField: 'email',
      trigger: 'unmount',
    })
  },
}
