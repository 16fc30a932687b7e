import { FORM_EVENTS } from '../core/builtInNames'
import { currentPage, onPage } from '../core/context'
import { describeError } from '../core/describeError'
import type { PageContext, PropertiesInput } from '../core/types'
import type { EventName } from '../plan/types'
import { fieldName, isIgnored, isSensitiveField } from './elements'
import { onPageHidden } from './pageHidden'

/** Other names for the four form events: names of the registered plan, when there is one. */
export interface FormEventNames {
  /** Default `'Started Form'`. */
  started?: EventName
  /** Default `'Submitted Form'`. */
  submitted?: EventName
  /** Default `'Failed Form Submission'`. */
  failed?: EventName
  /** Default `'Abandoned Form'`. */
  abandoned?: EventName
}

/** The four form events' default names. */
export { FORM_EVENTS }

export interface FormTrackingOptions {
  /** The form's name, sent as the `form` property of every form event. */
  name: string
  /** Other event names for the four form events. */
  events?: FormEventNames
  /** Added to all four events. */
  properties?: PropertiesInput
  /**
   * Fields whose values may be sent (as `values`), by field name. Never applies to
   * passwords, `autocomplete="cc-*"` fields, hidden inputs, sensitive names (password,
   * card, cvv, ssn, …) or anything under `data-track-ignore`.
   */
  captureValues?: readonly string[]
}

/** A field error: the field's name and the ValidityState key (`valueMissing`, …) or a library's code. */
export interface FieldError {
  field: string
  code: string
}

/**
 * What `failure()` takes: an exception (an `Error`, a message), a list of field errors, or a
 * form library's errors object keyed by field (react-hook-form's `FieldErrors`).
 */
export type FormFailure = Error | string | readonly FieldError[] | { readonly [field: string]: unknown }

const VALIDITY_KEYS = [
  'valueMissing', 'typeMismatch', 'patternMismatch', 'tooLong', 'tooShort',
  'rangeUnderflow', 'rangeOverflow', 'stepMismatch', 'badInput', 'customError',
] as const


/** react-hook-form style errors, nested objects flattened to `a.b`: `{ email: { type: 'required' } }`. */
function libraryErrors(errors: { readonly [field: string]: unknown }, prefix = ''): FieldError[] {
  const out: FieldError[] = []
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue
    const type = (value as { type?: unknown }).type
    if (typeof type === 'string') out.push({ field: prefix + key, code: type })
    else out.push(...libraryErrors(value as { readonly [field: string]: unknown }, `${prefix}${key}.`))
  }
  return out
}

export interface FormController {
  /** The callback ref: the `<form>` (or any element holding the fields). */
  ref: (element: Element | null) => void
  /** Wraps an `onSubmit`: success when it returns (or its promise resolves), failure when it throws or rejects (and the error stays the app's). */
  handleSubmit<Args extends unknown[], R>(onSubmit?: (...args: Args) => R): (...args: Args) => R | undefined
  success(properties?: PropertiesInput): void
  failure(errorOrErrors: FormFailure, properties?: PropertiesInput): void
  abandon(): void
  /** The owning component mounted (again, under StrictMode). */
  mounted(): void
  /** The owning component unmounted: a started form is abandoned. */
  unmounted(): void
}

type Track = (event: string, properties: PropertiesInput) => void

/**
 * The form-tracking state machine, for one form: started → submitted (a new edit starts a
 * new cycle), failed (any number of times), or abandoned (at most once per start). DOM
 * only, no React: the hook and `TrackForm` are glue.
 */
export function createFormController(options: () => FormTrackingOptions, track: Track, scrub: () => boolean = () => true): FormController {
  let element: Element | null = null
  /** The last element attached: an unmounting form's fields are still readable after its ref is cleared. */
  let lastElement: Element | null = null
  let started = false
  /** A submit whose `onSubmit` promise has not settled: the form is not abandoned meanwhile. */
  let submitting = 0
  /** A success was recorded and nothing was edited since: another submit is a resubmission. */
  let submittedSinceEdit = false
  /** A submit was attempted in this task (a submit button, Enter): only then do `invalid` events fail it. */
  let attempting = false
  let startedAt = 0
  // the page the form was started on: its abandonment belongs there, even after a client-side navigation
  let startedOn: PageContext | undefined
  let abandoned = false
  let lastField: string | undefined
  const touched = new Set<string>()
  let invalid: FieldError[] = []
  let invalidTimer: ReturnType<typeof setTimeout> | undefined

  const names = () => options().events ?? {}
  const base = (): PropertiesInput => ({ ...options().properties, form: options().name })

  const values = (): Record<string, unknown> | undefined => {
    const allowed = options().captureValues
    const root = element ?? lastElement
    if (!allowed?.length || !root) return undefined
    const out: Record<string, unknown> = {}
    const fields = Array.from(root.querySelectorAll('input, select, textarea'))
    const boxes = new Map<string, number>()
    for (const field of fields) {
      if ((field as HTMLInputElement).type !== 'checkbox') continue
      const name = fieldName(field)
      boxes.set(name, (boxes.get(name) ?? 0) + 1)
    }
    for (const field of fields) {
      const name = fieldName(field)
      if (!allowed.includes(name) || isSensitiveField(field)) continue
      const input = field as HTMLInputElement
      if (input.type === 'checkbox' && (boxes.get(name) ?? 0) > 1) {
        // a group of boxes sharing a name: the list of checked values
        const list = (out[name] as string[] | undefined) ?? []
        if (input.checked) list.push(input.value)
        out[name] = list
      } else if (input.type === 'checkbox') out[name] = input.checked
      else if (input.type === 'radio') {
        if (input.checked) out[name] = input.value
      } else out[name] = input.value
    }
    return Object.keys(out).length ? out : undefined
  }

  const ending = (): PropertiesInput => {
    const captured = values()
    return {
      durationMs: started ? Math.round(Date.now() - startedAt) : 0,
      fieldsTouched: [...touched],
      ...(captured ? { values: captured } : {}),
    }
  }

  let unwatchPage: (() => void) | undefined
  const watchPage = (on: boolean): void => {
    unwatchPage?.()
    unwatchPage = on ? onPageHidden(() => abandonWith('pagehide')) : undefined
  }

  function abandonWith(trigger: 'unmount' | 'pagehide' | 'manual'): void {
    // a submit in flight (a spinner replaced the form during `await`) is not abandonment
    if (!started || abandoned || (submitting > 0 && trigger !== 'manual')) return
    abandoned = true
    watchPage(false)
    onPage(startedOn, () => track(names().abandoned ?? FORM_EVENTS.abandoned, { ...base(), lastField: lastField ?? null, ...ending(), trigger }))
  }

  const onEdit = (event: Event): void => {
    const target = event.target
    if (!(target instanceof Element) || target === element || isIgnored(target)) return
    const field = fieldName(target)
    submittedSinceEdit = false
    if (!started) {
      started = true
      startedAt = Date.now()
      startedOn = currentPage()
      abandoned = false
      touched.clear()
      watchPage(true)
      track(names().started ?? FORM_EVENTS.started, { ...base(), field })
    }
    touched.add(field)
    lastField = field
  }

  // A blocked submit fires no `submit`, only `invalid` on each bad field; they do not
  // bubble, and the browser dispatches them one listener at a time (microtasks run
  // between), so one attempt is gathered until the next task.
  const onInvalid = (event: Event): void => {
    const target = event.target as Element & { validity?: ValidityState }
    // checkValidity() / reportValidity() without a submit (enabling a button) fail nothing
    if (!attempting || !target.validity || isIgnored(target)) return
    const code = VALIDITY_KEYS.find((key) => target.validity![key]) ?? 'invalid'
    invalid.push({ field: fieldName(target), code })
    invalidTimer ??= setTimeout(() => {
      const errors = invalid
      invalid = []
      invalidTimer = undefined
      const captured = values()
      track(names().failed ?? FORM_EVENTS.failed, { ...base(), reason: 'validation', errors, ...(captured ? { values: captured } : {}) })
    }, 0)
  }

  // A submit attempt: a click on a submit button, or Enter in a field. The browser's
  // validation runs right after, in the same task; the flag lasts until the next task.
  const attempt = (): void => {
    attempting = true
    setTimeout(() => (attempting = false), 0)
  }
  const onClick = (event: Event): void => {
    const button = (event.target as Element | null)?.closest?.('button, input[type=submit], input[type=image]') as HTMLButtonElement | null
    if (button && (button.type === 'submit' || (button.type as string) === 'image')) attempt()
  }
  const onKeyDown = (event: Event): void => {
    if ((event as KeyboardEvent).key === 'Enter') attempt()
  }
  const onSubmitEvent = (): void => attempt()

  const listen = (on: boolean): void => {
    if (!element) return
    const method = on ? 'addEventListener' : 'removeEventListener'
    element[method]('input', onEdit, true)
    element[method]('change', onEdit, true)
    element[method]('invalid', onInvalid, true)
    element[method]('click', onClick, true)
    element[method]('keydown', onKeyDown, true)
    element[method]('submit', onSubmitEvent, true)
  }

  const controller: FormController = {
    ref(next) {
      if (next === element) return
      listen(false)
      element = next
      if (next) lastElement = next
      listen(true)
    },

    handleSubmit(onSubmit) {
      return (...args) => {
        // React bubbles a submit through portals along the component tree: only this form's own count
        const submitted = (args[0] as { target?: unknown } | undefined)?.target
        if (element && submitted instanceof Element && submitted.tagName === 'FORM' && submitted !== element) return onSubmit?.(...args)
        let result: ReturnType<NonNullable<typeof onSubmit>> | undefined
        try {
          result = onSubmit?.(...args)
        } catch (error) {
          controller.failure(error instanceof Error ? error : String(error))
          throw error
        }
        const thenable = result as { then?: unknown } | undefined
        if (thenable && typeof thenable.then === 'function') {
          submitting++
          return (result as unknown as Promise<unknown>).then(
            (value) => {
              submitting--
              controller.success()
              return value
            },
            (error: unknown) => {
              submitting--
              controller.failure(error instanceof Error ? error : String(error))
              throw error
            },
          ) as typeof result
        }
        controller.success()
        return result
      }
    },

    success(properties) {
      // a second submit with no edit since the last success (a double click) is the same submission
      if (submittedSinceEdit) return
      submittedSinceEdit = true
      track(names().submitted ?? FORM_EVENTS.submitted, { ...base(), ...ending(), ...properties })
      started = false
      abandoned = false
      touched.clear()
      lastField = undefined
      watchPage(false)
    },

    failure(errorOrErrors, properties) {
      let detail: PropertiesInput
      if (errorOrErrors instanceof Error || typeof errorOrErrors === 'string') {
        const { errorName, message } = describeError(errorOrErrors, scrub())
        detail = { reason: 'exception', ...(typeof errorOrErrors === 'string' ? {} : { errorName }), message }
      }
      else if (Array.isArray(errorOrErrors)) detail = { reason: 'validation', errors: errorOrErrors }
      else detail = { reason: 'validation', errors: libraryErrors(errorOrErrors as { readonly [field: string]: unknown }) }
      const captured = values()
      track(names().failed ?? FORM_EVENTS.failed, { ...base(), ...detail, ...(captured ? { values: captured } : {}), ...properties })
    },

    abandon: () => abandonWith('manual'),

    mounted() {
      if (started && !abandoned) watchPage(true)
    },

    unmounted() {
      abandonWith('unmount')
      watchPage(false)
    },
  }
  return controller
}
