import { useEffect, useState } from 'react'
import { devtools } from '../core/devtools'
import { scrubsErrors, scopedProperties } from './contexts'
import { FORM_EVENTS } from '../core/builtInNames'
import {
  createFormController,
  formEventName,
  formProperties,
  type FormController,
  type FormTrackingOptions,
} from '../dom/formTracking'
import type { FormEventKind } from '../dom/formCycle'
import { useLatest } from './hooks'
import { useScopeTrack } from './useScopeTrack'

export type { FormController, FormTrackingOptions }

/**
 * Form tracking for any form — a `<form>`, a form library's, a multi-step flow without a
 * `<form>`. Attach `ref` to the element holding the fields: `Started Form` on the first
 * input or change, native validation failures as one `Failed Form Submission`, and
 * `Abandoned Form` when a started form unmounts or the page is hidden. Submission is yours
 * to report: wrap your handler in `handleSubmit`, a React 19 action in `trackAction`, or call
 * `success()` / `failure()` (which reads react-hook-form's, Formik's and zod's errors).
 *
 * @example react-hook-form
 * const form = useFormTracking({ name: 'Payment' })
 * <form ref={form.ref} onSubmit={handleSubmit(
 *   async (data) => { await pay(data); form.success() },
 *   (errors) => form.failure(errors),
 * )}>
 *
 * @example useActionState (React 19): a returned `{ errors }` or `{ error }` is a failure
 * const form = useFormTracking({ name: 'Newsletter' })
 * const [state, submit] = useActionState(form.trackAction(subscribe), {})
 * <form ref={form.ref} action={submit}>
 */
export function useFormTracking(options: FormTrackingOptions): FormController {
  const { track, scope } = useScopeTrack('useFormTracking')
  const latest = useLatest({ options, track, scope })
  const [controller] = useState(() =>
    createFormController(
      () => latest.current.options,
      (event, properties) => void latest.current.track(event, properties),
      () => scrubsErrors(latest.current.scope),
      // with a devtool installed, the form tells it where it is (for "show tracked elements")
      (element) => {
        const { options: shown, scope: shownIn } = latest.current
        return devtools()?.mount?.(element, {
          kind: 'form',
          events: (Object.keys(FORM_EVENTS) as FormEventKind[]).map((kind) =>
            formEventName(shown, kind),
          ),
          properties: () =>
            scopedProperties(latest.current.scope, formProperties(latest.current.options)),
          ...(shown.captureValues ? { captureValues: shown.captureValues } : {}),
          tracker: shownIn?.tracker,
        })
      },
    ),
  )
  useEffect(() => {
    controller.mounted()
    return () => controller.unmounted()
  }, [controller])
  return controller
}
