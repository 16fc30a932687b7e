import { fieldName, isElement, isIgnored } from './elements'
import { failureInState, type FieldError, type FormFailure } from './formFailure'

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

const asFailure = (error: unknown): Error | string => {
  if (error instanceof Error) return error
  try {
    return String(error)
  } catch {
    return Object.prototype.toString.call(error) // an object without toString
  }
}

/** What a wrapped `onSubmit` or action reports: its outcome, and a promise pending (+1) or settled (-1). */
export interface SubmitOutcome {
  success(): void
  failure(errorOrErrors: FormFailure): void
  pending(change: 1 | -1): void
}

/** What a click submits through: a submit button (or image input) submits its form owner. */
export const SUBMITTER = 'button, input[type=submit], input[type=image]'

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null | undefined)?.then === 'function'

/**
 * `run` wrapped: what it returns, at once or when its promise resolves, goes to `returned`; a
 * throw or rejection is a failure, and stays the app's (rethrown, rejected).
 */
function watched<Args extends unknown[], R>(
  run: (...args: Args) => R,
  outcome: SubmitOutcome,
  returned: (value: unknown) => void,
): (...args: Args) => R {
  return (...args) => {
    let result: R
    try {
      result = run(...args)
    } catch (error) {
      outcome.failure(asFailure(error))
      throw error
    }
    if (!isThenable(result)) {
      returned(result)
      return result
    }
    outcome.pending(1)
    // a thenable's own then() may return nothing (a hand-written one, a lazy result): the
    // promise adopting it carries its value on to the caller
    return Promise.resolve(result).then(
      (value) => {
        outcome.pending(-1)
        returned(value)
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
 * A form action wrapped (React 19's `<form action>`, `formAction`, `useActionState`): when it
 * returns or resolves, a failure if the state it returns says so (`failureInState`), else a
 * success; a failure when it throws or rejects, the error rethrown so that React still hands it
 * to the nearest error boundary.
 */
export function wrapAction<Args extends unknown[], R>(
  action: (...args: Args) => R,
  outcome: SubmitOutcome,
): (...args: Args) => R {
  return watched(action, outcome, (state) => {
    const failed = failureInState(state)
    if (failed === undefined) outcome.success()
    else outcome.failure(failed)
  })
}

/**
 * A blocked submit fires no `submit`, only `invalid` on each bad field; they do not bubble,
 * and the browser dispatches them one listener at a time (microtasks run between), so one
 * attempt's are gathered until the next task. An attempt is a click on a submit button or
 * Enter in a field: the browser's validation runs right after, in the same task. Each handler
 * gets the element the event is about (for a click, the button it landed in).
 */
export function submitAttempts(
  failed: (errors: FieldError[]) => void,
): Record<'click' | 'keydown' | 'submit' | 'invalid', (subject: Element, event: Event) => void> {
  let attempting = false
  let invalid: FieldError[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  const attempt = (): void => {
    attempting = true
    setTimeout(() => (attempting = false), 0)
  }
  return {
    click(subject) {
      const type = (subject as HTMLButtonElement).type as string | undefined
      if (subject.matches(SUBMITTER) && (type === 'submit' || type === 'image')) attempt()
    },
    keydown(_subject, event) {
      if ((event as KeyboardEvent).key === 'Enter') attempt()
    },
    submit: attempt,
    invalid(subject) {
      const validity = (subject as { validity?: ValidityState }).validity
      // checkValidity() / reportValidity() without a submit (enabling a button) fail nothing
      if (!attempting || !validity || isIgnored(subject)) return
      const code = VALIDITY_KEYS.find((key) => validity[key]) ?? 'invalid'
      invalid.push({ field: fieldName(subject), code })
      timer ??= setTimeout(() => {
        const errors = invalid
        invalid = []
        timer = undefined
        failed(errors)
      }, 0)
    },
  }
}

/**
 * `onSubmit` wrapped for one form (`form()`): success when it returns or its promise resolves,
 * failure when it throws or rejects; the error stays the app's. React bubbles a submit through
 * portals along the component tree, so another form's submit reaching it runs `onSubmit`
 * untracked.
 */
export function handleOwnSubmit<Args extends unknown[], R>(
  form: () => Element | null,
  onSubmit: ((...args: Args) => R) | undefined,
  outcome: SubmitOutcome,
): (...args: Args) => R | undefined {
  const wrapped = watched(
    (...args: Args) => onSubmit?.(...args),
    outcome,
    () => outcome.success(),
  )
  return (...args) => {
    const element = form()
    const submitted = (args[0] as { target?: unknown } | undefined)?.target
    const another =
      element !== null &&
      isElement(submitted) &&
      submitted.tagName === 'FORM' &&
      submitted !== element
    return another ? onSubmit?.(...args) : wrapped(...args)
  }
}
