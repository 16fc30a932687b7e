import {
  forwardRef,
  useMemo,
  type ComponentPropsWithoutRef,
  type FormEvent,
  type ReactNode,
} from 'react'
import type { FormTrackingOptions } from '../dom/formTracking'
import { composeRefs } from './slot'
import { useFormTracking } from './useFormTracking'

export interface TrackFormProps
  extends Omit<ComponentPropsWithoutRef<'form'>, 'onSubmit' | 'name'>, FormTrackingOptions {
  /** Runs on submit as usual. A returned promise decides: resolve → `Submitted Form`; reject → `Failed Form Submission` (the rejection stays yours). */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => unknown
}

/**
 * A `<form>` that records `Started Form`, `Submitted Form`, `Failed Form Submission` (native
 * validation, or a failing `onSubmit`) and `Abandoned Form`. Every form prop passes through;
 * the ref reaches the `<form>`. Field values are never sent, except fields listed in
 * `captureValues` (and never secrets).
 *
 * @example
 * <TrackForm name="Signup" onSubmit={async (e) => { e.preventDefault(); await signUp() }}>
 *   <input name="email" type="email" required />
 *   <button>Sign up</button>
 * </TrackForm>
 */
// pure: a bundle that does not use TrackForm drops it (and the form controller)
export const TrackForm = /* @__PURE__ */ forwardRef<HTMLFormElement, TrackFormProps>(
  function TrackForm(
    { name, events, properties, captureValues, onSubmit, children, ...rest },
    ref,
  ): ReactNode {
    const form = useFormTracking({
      name,
      ...(events ? { events } : {}),
      ...(properties ? { properties } : {}),
      ...(captureValues ? { captureValues } : {}),
    })
    const composed = useMemo(() => composeRefs<HTMLFormElement>(ref, form.ref), [ref, form])
    return (
      <form {...rest} ref={composed} onSubmit={form.handleSubmit(onSubmit)}>
        {children}
      </form>
    )
  },
)
