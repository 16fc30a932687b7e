import { useContext, useEffect, useState } from 'react'
import { ScopeContext, scrubsErrors } from './contexts'
import type { PropertiesInput } from '../core/types'
import { createFormController, type FormController, type FormTrackingOptions } from './formTracking'
import { useLatest } from './hooks'
import { useTrack } from './useTrack'

export type { FormController, FormTrackingOptions }

/**
 * Form tracking for any form — a `<form>`, a form library's, a multi-step flow without a
 * `<form>`. Attach `ref` to the element holding the fields: `Started Form` on the first
 * input or change, native validation failures as one `Failed Form Submission`, and
 * `Abandoned Form` when a started form unmounts or the page is hidden. Submission is yours
 * to report: wrap your handler in `handleSubmit`, or call `success()` / `failure()`.
 *
 * @example react-hook-form
 * const form = useFormTracking({ name: 'Payment' })
 * <form ref={form.ref} onSubmit={handleSubmit(
 *   async (data) => { await pay(data); form.success() },
 *   (errors) => form.failure(errors),
 * )}>
 */
export function useFormTracking(options: FormTrackingOptions): FormController {
  const track = useTrack() as (event: string, properties: PropertiesInput) => unknown
  const scope = useContext(ScopeContext)
  const latest = useLatest({ options, track, scope })
  const [controller] = useState(() =>
    createFormController(
      () => latest.current.options,
      (event, properties) => void latest.current.track(event, properties),
      () => scrubsErrors(latest.current.scope),
    ),
  )
  useEffect(() => {
    controller.mounted()
    return () => controller.unmounted()
  }, [controller])
  return controller
}
