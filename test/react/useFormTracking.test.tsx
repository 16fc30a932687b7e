import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useForm } from 'react-hook-form'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
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
