import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import { outcomeControl, SignupForm, type SignupOutcome } from '../support/SignupForm'
import { waitForEvent } from '../support/storyTracker'

/** The signup page: the form, and what the server said. */
function SignupPage({ outcome }: { outcome: SignupOutcome }) {
  const [message, setMessage] = useState('')
  return (
    <div className="tp-page">
      <h2>Create your account</h2>
      <p className="tp-note">Free for 14 days. No card needed.</p>
      <SignupForm outcome={outcome} onDone={setMessage} />
      <p role="status" className={outcome === 'success' ? 'tp-success' : 'tp-alert'}>
        {message}
      </p>
    </div>
  )
}

const meta = {
  title: 'Flows/Signup',
  component: SignupPage,
  ...outcomeControl,
} satisfies Meta<typeof SignupPage>
export default meta
type Story = StoryObj<typeof meta>

/** What a visitor does in both stories: an email, a password, then Create account. */
async function signUpAs(canvasElement: HTMLElement, email: string): Promise<void> {
  const canvas = within(canvasElement)
  await userEvent.type(canvas.getByLabelText('Email'), email)
  await userEvent.type(canvas.getByLabelText('Password'), 'correct horse')
  await userEvent.click(canvas.getByRole('button', { name: 'Create account' }))
}

/** Started Form → Submitted Form: the fields touched are sent, never their values. */
export const SignUp: Story = {
  play: async ({ canvasElement }) => {
    await signUpAs(canvasElement, 'ada@example.com')
    const events = await waitForEvent('Submitted Form')
    await expect(events.map((e) => e.event)).toEqual(['Started Form', 'Submitted Form'])
    await expect(JSON.stringify(events)).not.toContain('ada@example.com')
  },
}

/** The server answers 500: Failed Form Submission, with the error, and the page says so. */
export const ServerError: Story = {
  args: { outcome: 'server-error' },
  play: async ({ canvasElement }) => {
    await signUpAs(canvasElement, 'ada@example.com')
    const events = await waitForEvent('Failed Form Submission')
    await expect(events.at(-1)?.properties).toMatchObject({ form: 'Signup' })
  },
}
