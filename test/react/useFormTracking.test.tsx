import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useFormik } from 'formik'
import { useForm } from 'react-hook-form'
import { useActionState, useState, version } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { useFormTracking } from 'trackplan'
import { setupTracker } from './utils'

function PaymentForm({ pay }: { pay: (data: { card: string; name: string }) => Promise<void> }) {
  const form = useFormTracking({ name: 'Payment', properties: { step: 'checkout' } })
  const { register, handleSubmit } = useForm<{ card: string; name: string }>()
  return (
    <form
      ref={form.ref}
      noValidate
      onSubmit={handleSubmit(
        async (data) => {
          try {
            await pay(data)
            form.success()
          } catch (error) {
            form.failure(error as Error)
          }
        },
        (errors) => form.failure(errors),
      )}
    >
      <input aria-label="Name on card" {...register('name', { required: true })} />
      <input
        aria-label="Card number"
        autoComplete="cc-number"
        {...register('card', { required: true, minLength: 12 })}
      />
      <button>Pay</button>
    </form>
  )
}

describe('useFormTracking with react-hook-form', () => {
  it('validation errors from the library, an exception, then success', async () => {
    const { wrapper, events } = setupTracker()
    let attempt = 0
    const pay = async () => {
      attempt++
      if (attempt === 1) throw new Error('Card declined')
    }
    render(<PaymentForm pay={pay} />, { wrapper })
    await userEvent.type(screen.getByLabelText('Card number'), '4242')
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await userEvent.type(screen.getByLabelText('Name on card'), 'Jo')
    await userEvent.type(screen.getByLabelText('Card number'), '42424242')
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await act(() => new Promise((r) => setTimeout(r, 10)))
    const tracked = await events()
    expect(tracked.map((e) => [e.event, e.properties.reason ?? null])).toEqual([
      ['Started Form', null],
      ['Failed Form Submission', 'validation'],
      ['Failed Form Submission', 'exception'],
      ['Submitted Form', null],
    ])
    expect(tracked[1]!.properties).toEqual({
      step: 'checkout',
      form: 'Payment',
      reason: 'validation',
      errors: [
        { field: 'name', code: 'required' },
        { field: 'card', code: 'minLength' },
      ],
    })
    expect(tracked[2]!.properties.message).toBe('Card declined')
    expect(tracked[3]!.properties.fieldsTouched).toEqual(['card', 'name'])
    expect(JSON.stringify(tracked)).not.toContain('42424242')
  })
})

describe("failure() takes a form library's own errors object", () => {
  it("react-hook-form's nested and field-array errors: dotted paths, its type as the code, its message", async () => {
    const { wrapper, events } = setupTracker()
    type Profile = { address: { city: string }; tags: string[] }
    function ProfileForm() {
      const form = useFormTracking({ name: 'Profile' })
      const { register, handleSubmit } = useForm<Profile>({
        defaultValues: { address: { city: '' }, tags: ['news', ''] },
      })
      return (
        <form
          ref={form.ref}
          noValidate
          onSubmit={handleSubmit(
            () => form.success(),
            (errors) => form.failure(errors),
          )}
        >
          <input
            aria-label="City"
            {...register('address.city', { required: 'City is required' })}
          />
          <input aria-label="First tag" {...register('tags.0')} />
          <input
            aria-label="Second tag"
            {...register('tags.1', { minLength: { value: 3, message: 'At least 3 characters' } })}
          />
          <button>Save</button>
        </form>
      )
    }
    render(<ProfileForm />, { wrapper })
    await userEvent.type(screen.getByLabelText('Second tag'), 'x')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await act(() => new Promise((r) => setTimeout(r, 10)))
    const failed = (await events()).find((e) => e.event === 'Failed Form Submission')
    expect(failed?.properties).toEqual({
      form: 'Profile',
      reason: 'validation',
      errors: [
        { field: 'address.city', code: 'required', message: 'City is required' },
        { field: 'tags.1', code: 'minLength', message: 'At least 3 characters' },
      ],
    })
  })

  it("a real Formik form's errors (strings, nested, arrays with gaps): a one-word message is the code; others are 'invalid' with the message, scrubbed", async () => {
    const { wrapper, events } = setupTracker()
    type Signup = { email: string; address: { city: string }; tags: string[] }
    function SignupForm() {
      const form = useFormTracking({ name: 'Signup' })
      const formik = useFormik<Signup>({
        initialValues: { email: '', address: { city: '' }, tags: ['news', ''] },
        validate(values) {
          const errors: Record<string, unknown> = {}
          if (!values.email) errors.email = 'Required'
          else if (values.email.endsWith('@example.org'))
            errors.email = `${values.email} is already registered`
          if (!values.address.city) errors.address = { city: 'Required' }
          const tags = values.tags.map((tag) =>
            tag.length < 3 ? 'Must be 3 characters or more' : undefined,
          )
          if (tags.some(Boolean)) errors.tags = tags
          return errors
        },
        onSubmit: () => form.success(),
      })
      return (
        <form
          ref={form.ref}
          noValidate
          onSubmit={async (event) => {
            formik.handleSubmit(event)
            // Formik runs onSubmit only when its validation passes: its errors say when it did not
            const errors = await formik.validateForm()
            if (Object.keys(errors).length > 0) form.failure(errors)
          }}
        >
          <input aria-label="Email" {...formik.getFieldProps('email')} />
          <input aria-label="City" {...formik.getFieldProps('address.city')} />
          <input aria-label="First tag" {...formik.getFieldProps('tags.0')} />
          <input aria-label="Second tag" {...formik.getFieldProps('tags.1')} />
          <button type="submit">Sign up</button>
        </form>
      )
    }
    render(<SignupForm />, { wrapper })
    await userEvent.type(screen.getByLabelText('Second tag'), 'x')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await act(() => new Promise((r) => setTimeout(r, 10)))
    await userEvent.type(screen.getByLabelText('Email'), 'jane.doe@example.org')
    await userEvent.type(screen.getByLabelText('City'), 'Paris')
    await userEvent.type(screen.getByLabelText('Second tag'), 'yz')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await act(() => new Promise((r) => setTimeout(r, 10)))
    const tracked = await events()
    expect(tracked.map((e) => e.event)).toEqual([
      'Started Form',
      'Failed Form Submission',
      'Failed Form Submission',
    ])
    expect(tracked[1]!.properties).toEqual({
      form: 'Signup',
      reason: 'validation',
      errors: [
        { field: 'email', code: 'Required' },
        { field: 'address.city', code: 'Required' },
        { field: 'tags.1', code: 'invalid', message: 'Must be 3 characters or more' },
      ],
    })
    expect(tracked[2]!.properties.errors).toEqual([
      { field: 'email', code: 'invalid', message: '[email] is already registered' },
    ])
    expect(JSON.stringify(tracked)).not.toContain('jane.doe')
  })

  it("zod's error, its issues, flatten() and treeifyError(): the issue's code, or the messages by field", async () => {
    const { wrapper, events } = setupTracker()
    let form!: ReturnType<typeof useFormTracking>
    function Account() {
      form = useFormTracking({ name: 'Account' })
      return <div ref={form.ref} />
    }
    render(<Account />, { wrapper })
    const schema = z
      .object({
        email: z.email(),
        password: z.string().min(8),
        address: z.object({ city: z.string().min(1) }),
        tags: z.array(z.string().min(3)),
      })
      .refine((account) => account.password !== 'password1', { message: 'Too common' })
    const invalid = schema.safeParse({
      email: 'jane.doe@example.org!',
      password: 'short',
      address: { city: '' },
      tags: ['news', 'x'],
    }).error!
    const common = schema.safeParse({
      email: 'a@b.co',
      password: 'password1',
      address: { city: 'Paris' },
      tags: [],
    }).error!
    act(() => form.failure(invalid))
    act(() => form.failure(invalid.issues))
    act(() => form.failure(invalid.flatten()))
    act(() => form.failure(z.flattenError(common)))
    act(() => form.failure(z.treeifyError(invalid)))
    // a server action's `{ errors: z.flattenError(error).fieldErrors }` (Next.js's docs)
    act(() => form.failure(z.flattenError(invalid).fieldErrors))
    const errors = (await events()).map((e) => e.properties.errors)
    const fromIssues = [
      { field: 'email', code: 'invalid_format', message: 'Invalid email address' },
      { field: 'password', code: 'too_small', message: expect.stringMatching(/^Too small/) },
      { field: 'address.city', code: 'too_small', message: expect.stringMatching(/^Too small/) },
      { field: 'tags.1', code: 'too_small', message: expect.stringMatching(/^Too small/) },
    ]
    const tooSmall = { code: 'invalid', message: expect.stringMatching(/^Too small/) }
    const flattened = [
      { field: 'email', code: 'invalid', message: 'Invalid email address' },
      { field: 'password', ...tooSmall },
      { field: 'address', ...tooSmall },
      { field: 'tags', ...tooSmall },
    ]
    expect(errors).toEqual([
      fromIssues,
      fromIssues,
      flattened,
      [{ field: 'root', code: 'invalid', message: 'Too common' }],
      [
        { field: 'email', code: 'invalid', message: 'Invalid email address' },
        { field: 'password', ...tooSmall },
        { field: 'address.city', ...tooSmall },
        { field: 'tags.1', ...tooSmall },
      ],
      flattened,
    ])
  })
  it('a code is one word the scrubber leaves alone: never an address or a token someone typed', async () => {
    const { wrapper, events } = setupTracker()
    let form!: ReturnType<typeof useFormTracking>
    function Account() {
      form = useFormTracking({ name: 'Account' })
      return <div ref={form.ref} />
    }
    render(<Account />, { wrapper })
    const token = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'
    act(() =>
      form.failure([
        { field: 'email', code: 'jo@example.org' },
        { field: 'key', code: token },
      ]),
    )
    act(() => form.failure({ email: 'jo@example.org', key: { type: token, message: 'Revoked' } }))
    const tracked = await events()
    expect(tracked.map((e) => e.properties.errors)).toEqual([
      [
        { field: 'email', code: 'invalid' },
        { field: 'key', code: 'invalid' },
      ],
      [
        { field: 'email', code: 'invalid', message: '[email]' },
        { field: 'key', code: 'Revoked' },
      ],
    ])
    expect(JSON.stringify(tracked)).not.toMatch(/jo@example|sk_live/)
  })

  it('a long field array lists its first 50 errors, and errorCount says how many there were', async () => {
    const { wrapper, events } = setupTracker()
    let form!: ReturnType<typeof useFormTracking>
    function Inventory() {
      form = useFormTracking({ name: 'Inventory' })
      return <div ref={form.ref} />
    }
    render(<Inventory />, { wrapper })
    const rows = (length: number) =>
      Array.from({ length }, () => ({ name: { type: 'required', message: 'Required' } }))
    act(() => form.failure({ rows: rows(120) }))
    act(() => form.failure({ rows: rows(50) }))
    const [cut, whole] = (await events()).map((e) => e.properties)
    expect(cut!.errorCount).toBe(120)
    expect(cut!.errors).toHaveLength(50)
    expect((cut!.errors as { field: string }[])[49]).toEqual({
      field: 'rows.49.name',
      code: 'required',
      message: 'Required',
    })
    expect(whole!.errors).toHaveLength(50)
    expect(whole).not.toHaveProperty('errorCount')
  })
})

describe('useFormTracking with useActionState (React 19)', () => {
  type Subscription = { errors?: Record<string, string[] | undefined>; error?: string; ok?: true }
  async function subscribe(_previous: Subscription, data: FormData): Promise<Subscription> {
    await new Promise((resolve) => setTimeout(resolve, 5))
    const parsed = z.object({ email: z.email() }).safeParse({ email: data.get('email') })
    if (!parsed.success) return { errors: z.flattenError(parsed.error).fieldErrors }
    if (parsed.data.email.endsWith('@down.example')) return { error: 'Mail server down' }
    return { ok: true }
  }

  it.runIf(Number.parseInt(version, 10) >= 19)(
    'trackAction: a state with errors fails (validation), one with error fails (exception), any other succeeds',
    async () => {
      const { wrapper, events } = setupTracker()
      let form!: ReturnType<typeof useFormTracking>
      function Newsletter() {
        form = useFormTracking({ name: 'Newsletter' })
        const [state, submit, pending] = useActionState(form.trackAction(subscribe), {})
        return (
          <form ref={form.ref} action={submit}>
            <input name="email" aria-label="Email" />
            <button disabled={pending}>Join</button>
            <p role="status">{pending ? 'Joining' : state.ok ? 'Joined' : 'Ready'}</p>
          </form>
        )
      }
      render(<Newsletter />, { wrapper })
      expect(form.trackAction(subscribe)).toBe(form.trackAction(subscribe))
      const recorded = async () => (await events()).length
      /** Types an email and submits it: React resets the form when the action has returned. */
      const join = async (email: string, events: number) => {
        const input = screen.getByLabelText<HTMLInputElement>('Email')
        // user-event remembers what it typed across React's reset of the form: forget it
        await userEvent.clear(input)
        await userEvent.type(input, email)
        await userEvent.click(screen.getByRole('button', { name: 'Join' }))
        await vi.waitFor(async () => expect(await recorded()).toBe(events), { timeout: 5000 })
        await vi.waitFor(() => expect(input.value).toBe(''), { timeout: 5000 })
      }
      await join('jo', 2)
      await join('jo@down.example', 3)
      await join('jo@example.org', 4)
      expect(screen.getByRole('status').textContent).toBe('Joined')
      const tracked = await events()
      expect(tracked.map((e) => [e.event, e.properties.reason ?? null])).toEqual([
        ['Started Form', null],
        ['Failed Form Submission', 'validation'],
        ['Failed Form Submission', 'exception'],
        ['Submitted Form', null],
      ])
      expect(tracked[1]!.properties.errors).toEqual([
        { field: 'email', code: 'invalid', message: 'Invalid email address' },
      ])
      expect(tracked[2]!.properties).toMatchObject({ message: 'Mail server down' })
    },
    20_000,
  )
})

describe('useFormTracking without a <form>', () => {
  it('a multi-step flow on a div: explicit success, failure with field errors, abandon', async () => {
    const { wrapper, events } = setupTracker()
    let controls!: ReturnType<typeof useFormTracking>
    function Wizard() {
      const [step, setStep] = useState(1)
      const form = useFormTracking({
        name: 'Onboarding',
        events: { submitted: 'Completed Onboarding' },
      })
      controls = form
      return (
        <div ref={form.ref} role="group" aria-label="Onboarding">
          {step === 1 ? (
            <input key="company" aria-label="Company" />
          ) : (
            <input key="size" aria-label="Team size" type="number" />
          )}
          <button onClick={() => setStep(2)}>Next</button>
        </div>
      )
    }
    render(<Wizard />, { wrapper })
    await userEvent.type(screen.getByLabelText('Company'), 'Acme')
    await userEvent.click(screen.getByRole('button', { name: 'Next' }))
    await userEvent.type(screen.getByLabelText('Team size'), '12')
    act(() => controls.failure([{ field: 'Team size', code: 'tooLarge' }], { step: 2 }))
    act(() => controls.abandon())
    act(() => controls.abandon())
    const tracked = await events()
    expect(tracked.map((e) => e.event)).toEqual([
      'Started Form',
      'Failed Form Submission',
      'Abandoned Form',
    ])
    expect(tracked[1]!.properties).toEqual({
      form: 'Onboarding',
      reason: 'validation',
      errors: [{ field: 'Team size', code: 'tooLarge' }],
      step: 2,
    })
    expect(tracked[2]!.properties).toMatchObject({
      trigger: 'manual',
      lastField: 'Team size',
      fieldsTouched: ['Company', 'Team size'],
    })
    await userEvent.type(screen.getByLabelText('Team size'), '3')
    act(() => controls.success({ plan: 'team' }))
    expect((await events()).at(-1)).toMatchObject({
      event: 'Completed Onboarding',
      properties: { form: 'Onboarding', plan: 'team' },
    })
  })
})

describe("a form's properties, layered by the one rule", () => {
  function Checkout({
    properties,
    done,
  }: {
    properties: Record<string, unknown>
    done: (form: ReturnType<typeof useFormTracking>) => void
  }) {
    const form = useFormTracking({ name: 'Checkout', properties })
    done(form)
    return (
      <div ref={form.ref}>
        <input aria-label="Coupon" />
      </div>
    )
  }

  it('nested objects merge with success() properties, inner wins; arrays replace', async () => {
    const { wrapper, events } = setupTracker()
    let form!: ReturnType<typeof useFormTracking>
    const properties = { cart: { id: 'c1', currency: 'EUR', tags: ['sale'] }, step: 'pay' }
    render(<Checkout properties={properties} done={(f) => (form = f)} />, { wrapper })
    await userEvent.type(screen.getByLabelText('Coupon'), 'X')
    act(() => form.success({ cart: { total: 9, tags: ['gift'] } }))
    const submitted = (await events()).at(-1)!
    expect(submitted.event).toBe('Submitted Form')
    expect(submitted.properties).toMatchObject({
      form: 'Checkout',
      step: 'pay',
      cart: { id: 'c1', currency: 'EUR', total: 9, tags: ['gift'] },
    })
    expect(properties.cart).toEqual({ id: 'c1', currency: 'EUR', tags: ['sale'] })
  })

  it('a getter that throws in its properties is sent as "[Unreadable]" and reported, never thrown', async () => {
    const { wrapper, events, errors } = setupTracker()
    let form!: ReturnType<typeof useFormTracking>
    const properties = {
      ok: 1,
      get boom(): never {
        throw new Error('getter')
      },
    }
    render(<Checkout properties={properties} done={(f) => (form = f)} />, { wrapper })
    expect(() => act(() => form.failure(new Error('Card declined'), { attempt: 2 }))).not.toThrow()
    const failed = (await events()).at(-1)!
    expect(failed.properties).toMatchObject({ ok: 1, boom: '[Unreadable]', attempt: 2 })
    expect(errors.map((e) => e.message).join('\n')).toContain('"boom"')
  })
})
