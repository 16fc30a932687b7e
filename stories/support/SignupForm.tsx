import { TrackForm } from 'trackplan'

export type SignupOutcome = 'success' | 'server-error'

/** The stories' control for what the server answers. */
export const outcomeControl = {
  args: { outcome: 'success' as SignupOutcome },
  argTypes: { outcome: { control: 'inline-radio' as const, options: ['success', 'server-error'] } },
}

/** The playground's signup form: native validation, an async submit that may fail. */
export function SignupForm({
  outcome,
  onDone,
}: {
  outcome: SignupOutcome
  onDone?: (message: string) => void
}) {
  return (
    <TrackForm
      name="Signup"
      aria-label="Signup"
      className="tp-form"
      onSubmit={async (event) => {
        event.preventDefault()
        await new Promise((r) => setTimeout(r, 50))
        if (outcome === 'server-error') {
          onDone?.('The server could not create your account (500).')
          throw new Error('POST /signup answered 500')
        }
        onDone?.('Welcome aboard!')
      }}
    >
      <label>
        Email <input name="email" type="email" required autoComplete="email" />
      </label>
      <label>
        Password{' '}
        <input
          name="password"
          type="password"
          required
          minLength={8}
          pattern=".{8,}"
          autoComplete="new-password"
        />
      </label>
      <label>
        Plan{' '}
        <select name="plan" defaultValue="free">
          <option value="free">Free</option>
          <option value="pro">Pro</option>
          <option value="team">Team</option>
        </select>
      </label>
      <button type="submit" className="tp-button">
        Create account
      </button>
    </TrackForm>
  )
}
