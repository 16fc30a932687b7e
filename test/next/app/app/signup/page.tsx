import Link from 'next/link'
import { SignupForm } from './form'

export const metadata = { title: 'Sign up' }

export default function Signup() {
  return (
    <main>
      <h1>Sign up</h1>
      <SignupForm />
      <Link href="/">Back to pricing</Link>
    </main>
  )
}
