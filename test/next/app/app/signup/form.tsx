'use client'

import { TrackForm } from 'trackplan'

export function SignupForm() {
  return (
    <TrackForm name="Signup" aria-label="Signup" onSubmit={(e) => e.preventDefault()}>
      <input name="email" type="email" aria-label="Email" />
      <button type="submit">Sign up</button>
    </TrackForm>
  )
}
