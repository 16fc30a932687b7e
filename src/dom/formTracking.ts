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
export type FormFailure =
  Error | string | readonly FieldError[] | { readonly [field: string]: unknown }

const VALIDITY_KEYS = [
  'valueMissing',
  'typeMismatch',
  'patternMismatch',
  'tooLong',
  'tooShort',
  'rangeUnderflow',
  'rangeOverflow',
  'stepMismatch',
  'badInput',
  'customError',
] as const

/** react-hook-form style errors, nested objects flattened to `a.b`: `{ email: { type: 'required' } }`. */
function libraryErrors(errors: { readonly [field: string]: unknown }, prefix = ''): FieldError[] {
  const out: FieldError[] = []
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue
    const type = (value as { type?: unknown }).type
    if (typeof type === 'string') out.push({ field: prefix + key, code: type })
    else
      out.push(...libraryErrors(value as { readonly [field: string]: unknown }, `${prefix}${key}.`))
  }
  return out
}

export interface FormController {
  /** The callback ref: the `<form>` (or any element holding the fields). */
  ref: (element: Element | null) => void
  /** Wraps an `onSubmit`: success when it returns (or its promise resolves), failure when it throws or rejects (and the error stays the app's). */
  handleSubmit<Args extends unknown[], R>(
    onSubmit?: (...args: Args) => R,
  ): (...args: Args) => R | undefined
  success(properties?: PropertiesInput): void
  failure(errorOrErrors: FormFailure, properties?: PropertiesInput): void
  abandon(): void
  /** The owning component mounted (again, under StrictMode). */
  mounted(): void
  /** The owning component unmounted: a started form is abandoned. */
  unmounted(): void
}

type Track = (event: string, properties: PropertiesInput) => void

/** The allowed fields' values under `root` (a group of checkboxes as a list); never a sensitive field's. */
function fieldValues(
  root: Element | null,
  allowed: readonly string[] | undefined,
): Record<string, unknown> | undefined {
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

/** What a failure says: an exception's name and (scrubbed) message, or the field errors. */
function failureDetail(errorOrErrors: FormFailure, scrub: boolean): PropertiesInput {
  if (errorOrErrors instanceof Error || typeof errorOrErrors === 'string') {
    const { errorName, message } = describeError(errorOrErrors, scrub)
    return {
      reason: 'exception',
      ...(typeof errorOrErrors === 'string' ? {} : { errorName }),
      message,
    }
  }
  if (Array.isArray(errorOrErrors)) return { reason: 'validation', errors: errorOrErrors }
  return {
    reason: 'validation',
    errors: libraryErrors(errorOrErrors as { readonly [field: string]: unknown }),
  }
}

const asFailure = (error: unknown): Error | string =>
  error instanceof Error ? error : String(error)

/** What a wrapped `onSubmit` reports: its outcome, and a promise pending (+1) or settled (-1). */
interface SubmitOutcome {
  success(): void
  failure(error: Error | string): void
  pending(change: 1 | -1): void
}

/** `onSubmit` wrapped: success when it returns or its promise resolves, failure when it throws or rejects; the error stays the app's. */
function wrapSubmit<Args extends unknown[], R>(
  onSubmit: ((...args: Args) => R) | undefined,
  outcome: SubmitOutcome,
): (...args: Args) => R | undefined {
  return (...args) => {
    let result: R | undefined
    try {
      result = onSubmit?.(...args)
    } catch (error) {
      outcome.failure(asFailure(error))
      throw error
    }
    const thenable = result as { then?: unknown } | undefined
    if (!thenable || typeof thenable.then !== 'function') {
      outcome.success()
      return result
    }
    outcome.pending(1)
    return (result as unknown as Promise<unknown>).then(
      (value) => {
        outcome.pending(-1)
        outcome.success()
        return value
      },
      (error: unknown) => {
        outcome.pending(-1)
        outcome.failure(asFailure(error))
        throw error
      },
    ) as R
  }
}

/**
 * A blocked submit fires no `submit`, only `invalid` on each bad field; they do not bubble,
 * and the browser dispatches them one listener at a time (microtasks run between), so one
 * attempt's are gathered until the next task. An attempt is a click on a submit button or
 * Enter in a field: the browser's validation runs right after, in the same task.
 */
function submitAttempts(
  failed: (errors: FieldError[]) => void,
): Record<'click' | 'keydown' | 'submit' | 'invalid', (event: Event) => void> {
  let attempting = false
  let invalid: FieldError[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  const attempt = (): void => {
    attempting = true
    setTimeout(() => (attempting = false), 0)
  }
  return {
    click(event) {
      const button = (event.target as Element | null)?.closest?.(
        'button, input[type=submit], input[type=image]',
      ) as HTMLButtonElement | null
      if (button && (button.type === 'submit' || (button.type as string) === 'image')) attempt()
    },
    keydown(event) {
      if ((event as KeyboardEvent).key === 'Enter') attempt()
    },
    submit: attempt,
    invalid(event) {
      const target = event.target as Element & { validity?: ValidityState }
      // checkValidity() / reportValidity() without a submit (enabling a button) fail nothing
      if (!attempting || !target.validity || isIgnored(target)) return
      const code = VALIDITY_KEYS.find((key) => target.validity![key]) ?? 'invalid'
      invalid.push({ field: fieldName(target), code })
      timer ??= setTimeout(() => {
        const errors = invalid
        invalid = []
        timer = undefined
        failed(errors)
      }, 0)
    },
  }
}

/** What a form's cycle works with: one of the four events sent (its name and the form's own properties added), the captured values, and whether a submit is in flight. */
interface FormOutput {
  send(kind: keyof FormEventNames, properties: PropertiesInput): void
  captured(): PropertiesInput
  submitting(): boolean
}

/**
 * One form's cycle: started by the first edit → submitted (the next edit starts a new
 * cycle) or abandoned (at most once per start; a submit in flight is not abandonment).
 */
function formCycle(out: FormOutput) {
  let started = false
  let startedAt = 0
  // the page the form was started on: its abandonment belongs there, even after a client-side navigation
  let startedOn: PageContext | undefined
  let abandoned = false
  let lastField: string | undefined
  /** A success was recorded and nothing was edited since: another submit is a resubmission. */
  let submittedSinceEdit = false
  const touched = new Set<string>()
  let unwatchPage: (() => void) | undefined

  const watchPage = (on: boolean): void => {
    unwatchPage?.()
    unwatchPage = on ? onPageHidden(() => cycle.abandon('pagehide')) : undefined
  }
  const ending = (): PropertiesInput => ({
    durationMs: started ? Math.round(Date.now() - startedAt) : 0,
    fieldsTouched: [...touched],
    ...out.captured(),
  })

  const cycle = {
    edit(field: string): void {
      submittedSinceEdit = false
      if (!started) {
        started = true
        startedAt = Date.now()
        startedOn = currentPage()
        abandoned = false
        touched.clear()
        watchPage(true)
        out.send('started', { field })
      }
      touched.add(field)
      lastField = field
    },
    submitted(properties?: PropertiesInput): void {
      // a second submit with no edit since the last success (a double click) is the same submission
      if (submittedSinceEdit) return
      submittedSinceEdit = true
      out.send('submitted', { ...ending(), ...properties })
      started = false
      abandoned = false
      touched.clear()
      lastField = undefined
      watchPage(false)
    },
    abandon(trigger: 'unmount' | 'pagehide' | 'manual'): void {
      // a submit in flight (a spinner replaced the form during `await`) is not abandonment
      if (!started || abandoned || (out.submitting() && trigger !== 'manual')) return
      abandoned = true
      watchPage(false)
      onPage(startedOn, () =>
        out.send('abandoned', { lastField: lastField ?? null, ...ending(), trigger }),
      )
    },
    /** The owning component mounted (again): a started form watches the page again. */
    watch(on: boolean): void {
      watchPage(on && started && !abandoned)
    },
  }
  return cycle
}

/**
 * The form-tracking state machine, for one form: started → submitted (a new edit starts a
 * new cycle), failed (any number of times), or abandoned (at most once per start). DOM
 * only, no React: the hook and `TrackForm` are glue.
 */
export function createFormController(
  options: () => FormTrackingOptions,
  track: Track,
  scrub: () => boolean = () => true,
): FormController {
  let element: Element | null = null
  /** The last element attached: an unmounting form's fields are still readable after its ref is cleared. */
  let lastElement: Element | null = null
  /** Submits whose `onSubmit` promise has not settled: the form is not abandoned meanwhile. */
  let submitting = 0

  const out: FormOutput = {
    send: (kind, properties) =>
      track(options().events?.[kind] ?? FORM_EVENTS[kind], {
        ...options().properties,
        form: options().name,
        ...properties,
      }),
    captured() {
      const values = fieldValues(element ?? lastElement, options().captureValues)
      return values ? { values } : {}
    },
    submitting: () => submitting > 0,
  }
  const cycle = formCycle(out)
  const fail = (detail: PropertiesInput, properties?: PropertiesInput): void =>
    out.send('failed', { ...detail, ...out.captured(), ...properties })

  const onEdit = (event: Event): void => {
    const target = event.target
    if (target instanceof Element && target !== element && !isIgnored(target))
      cycle.edit(fieldName(target))
  }
  const attempts = submitAttempts((errors) => fail({ reason: 'validation', errors }))
  const listen = (on: boolean): void => {
    if (!element) return
    const method = on ? 'addEventListener' : 'removeEventListener'
    element[method]('input', onEdit, true)
    element[method]('change', onEdit, true)
    for (const type of ['invalid', 'click', 'keydown', 'submit'] as const)
      element[method](type, attempts[type], true)
  }

  const outcome: SubmitOutcome = {
    success: () => controller.success(),
    failure: (error) => controller.failure(error),
    pending: (change) => (submitting += change),
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
      const wrapped = wrapSubmit(onSubmit, outcome)
      return (...args) => {
        // React bubbles a submit through portals along the component tree: only this form's own count
        const submitted = (args[0] as { target?: unknown } | undefined)?.target
        if (
          element &&
          submitted instanceof Element &&
          submitted.tagName === 'FORM' &&
          submitted !== element
        )
          return onSubmit?.(...args)
        return wrapped(...args)
      }
    },
    success: (properties) => cycle.submitted(properties),
    failure: (errorOrErrors, properties) => fail(failureDetail(errorOrErrors, scrub()), properties),
    abandon: () => cycle.abandon('manual'),
    mounted: () => cycle.watch(true),
    unmounted() {
      cycle.abandon('unmount')
      cycle.watch(false)
    },
  }
  return controller
}
