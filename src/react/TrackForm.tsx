import {
  forwardRef,
  useMemo,
  type ComponentPropsWithoutRef,
  type FormEvent,
  type ReactNode,
} from 'react'
import { warnOnce } from '../core/env'
import type { FormTrackingOptions } from '../dom/formTracking'
import { isReact19 } from './reactVersion'
import { composeRefs } from './slot'
import { useFormTracking } from './useFormTracking'

export interface TrackFormProps
  extends
    Omit<ComponentPropsWithoutRef<'form'>, 'onSubmit' | 'name' | 'action'>,
    FormTrackingOptions {
  /**
   * Runs on submit as usual. A returned promise decides: resolve → `Submitted Form`; reject →
   * `Failed Form Submission` (the rejection stays yours). With a function `action`, the action
   * decides instead, and `onSubmit` runs untracked.
   */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => unknown
  /**
   * A URL, or (React 19) a form action: `Submitted Form` when it resolves, `Failed Form
   * Submission` when it throws or rejects (the error still reaches your error boundary) or
   * returns an error state (`{ errors }`, `{ error }`: see `useFormTracking`'s `trackAction`).
   * React 18 has no form actions: there a function is passed on as is, and React 18 drops it.
   */
  action?: ComponentPropsWithoutRef<'form'>['action']
}

/** React 19 runs a function `action` in a transition; React 18 drops it (with its own warning). */
const formActions = isReact19

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
    { name, events, properties, captureValues, onSubmit, action, children, ...rest },
    ref,
  ): ReactNode {
    const form = useFormTracking({ name, events, properties, captureValues })
    const composed = useMemo(() => composeRefs<HTMLFormElement>(ref, form.ref), [ref, form])
    const tracksAction = formActions && typeof action === 'function'
    const submit = tracksAction
      ? // the action's outcome is the submit's: onSubmit runs first, and may prevent it
        (event: FormEvent<HTMLFormElement>): unknown => {
          const result = onSubmit?.(event)
          // a <button formAction={fn}> runs its own action instead of the form's, out of reach
          // of the wrapper: the press is the submit, recorded now (its outcome is not known)
          if (!event.defaultPrevented && runsOwnAction(submitterOf(event))) form.success()
          return result
        }
      : form.handleSubmit(
          process.env.NODE_ENV !== 'production' && onSubmit
            ? warnsOfHookForm(name, onSubmit)
            : onSubmit,
        )
    return (
      <form
        {...rest}
        ref={composed}
        action={
          tracksAction
            ? form.trackAction(action as Exclude<typeof action, string | undefined>)
            : action
        }
        onSubmit={submit}
      >
        {children}
      </form>
    )
  },
)

const submitterOf = (event: FormEvent<HTMLFormElement>): Element | null =>
  (event.nativeEvent as SubmitEvent).submitter ?? null

/**
 * Whether a submit button has a function `formAction` of its own. React 19 writes no URL for
 * one, but a `javascript:throw …` that guards a form submitted behind React's back: that
 * attribute is how the DOM tells.
 */
const runsOwnAction = (submitter: Element | null): boolean =>
  submitter?.getAttribute('formaction')?.startsWith('javascript:') === true

/**
 * react-hook-form's `handleSubmit(fn)` resolves whether or not its validation passed, so
 * TrackForm would record every submit as a success. It calls `event.persist()` (a no-op since
 * React 17) before anything else, which nothing written for React 17 or later needs: in
 * development, that call is how it is recognised, and the warning names the fix.
 */
function warnsOfHookForm(
  name: string,
  onSubmit: (event: FormEvent<HTMLFormElement>) => unknown,
): (event: FormEvent<HTMLFormElement>) => unknown {
  return (event) => {
    const persist = event.persist as (() => void) | undefined
    if (typeof persist !== 'function') return onSubmit(event)
    let persisted = false
    event.persist = () => {
      persisted = true
      persist.call(event)
    }
    try {
      return onSubmit(event)
    } finally {
      event.persist = persist
      if (persisted)
        warnOnce(
          `<TrackForm name="${name}">: its onSubmit looks like react-hook-form's handleSubmit(…), whose promise resolves whether or not validation passed, so every submit is recorded as "Submitted Form". Track the form with useFormTracking and report the outcome: <form ref={form.ref} onSubmit={handleSubmit(async (data) => { await save(data); form.success() }, (errors) => form.failure(errors))}>.`,
        )
    }
  }
}
