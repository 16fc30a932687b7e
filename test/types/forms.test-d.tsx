import type { FormikErrors } from 'formik'
import type { FieldErrors } from 'react-hook-form'
import { useActionState } from 'react'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { TrackForm, useFormTracking, type FieldError, type FormFailure } from 'trackplan'

type Signup = { email: string; address: { city: string }; tags: string[] }
const schema = z.object({ email: z.email(), address: z.object({ city: z.string() }) })

describe('failure() takes what form libraries produce, as they produce it', () => {
  it('react-hook-form, Formik and zod errors, without a cast', () => {
    const form = useFormTracking({ name: 'Signup' })
    expectTypeOf(form.failure).toBeCallableWith({} as FieldErrors<Signup>)
    expectTypeOf(form.failure).toBeCallableWith({} as FormikErrors<Signup>)
    const error = schema.safeParse({}).error!
    expectTypeOf(form.failure).toBeCallableWith(error)
    expectTypeOf(form.failure).toBeCallableWith(error.issues)
    expectTypeOf(form.failure).toBeCallableWith(error.flatten())
    expectTypeOf(form.failure).toBeCallableWith(z.flattenError(error))
    expectTypeOf(form.failure).toBeCallableWith(z.flattenError(error).fieldErrors)
    expectTypeOf(form.failure).toBeCallableWith(z.treeifyError(error))
    expectTypeOf(form.failure).toBeCallableWith([{ field: 'email', code: 'taken' }], { step: 2 })
    expectTypeOf(form.failure).toBeCallableWith(new Error('Card declined'))
    // @ts-expect-error a number says nothing about what failed
    form.failure(42)
  })

  it('the errors it records are fields, codes and optional messages', () => {
    expectTypeOf<FieldError>().toEqualTypeOf<{ field: string; code: string; message?: string }>()
    expectTypeOf<FieldError[]>().toExtend<FormFailure>()
  })
})

describe('form actions (React 19)', () => {
  type Subscription = { errors?: Record<string, string[] | undefined>; ok?: true }
  const subscribe = async (_previous: Subscription, data: FormData): Promise<Subscription> =>
    data.has('email') ? { ok: true } : { errors: { email: ['Required'] } }

  it("trackAction keeps the action's type, so useActionState infers its state and payload", () => {
    const form = useFormTracking({ name: 'Newsletter' })
    expectTypeOf(form.trackAction(subscribe)).toEqualTypeOf(subscribe)
    const [state, submit, pending] = useActionState(form.trackAction(subscribe), {})
    expectTypeOf(state).toEqualTypeOf<Subscription>()
    expectTypeOf(submit).toEqualTypeOf<(payload: FormData) => void>()
    expectTypeOf(pending).toEqualTypeOf<boolean>()
  })

  it('TrackForm takes a URL or a function of the form data as its action', () => {
    expectTypeOf(TrackForm).toBeCallableWith({ name: 'Newsletter', action: '/subscribe' })
    expectTypeOf(TrackForm).toBeCallableWith({
      name: 'Newsletter',
      action: async (data: FormData) => void data.get('email'),
    })
    // @ts-expect-error an action takes the form's data
    expectTypeOf(TrackForm).toBeCallableWith({ name: 'Newsletter', action: (n: number) => n })
  })
})
