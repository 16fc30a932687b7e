import { FORM_EVENTS } from '../core/builtInNames'
import { layerProperties, type LayeredProperties } from '../core/properties'
import type { PropertiesInput } from '../core/types'
import type { EventName } from '../plan/types'
import { fieldName, isElement, isIgnored } from './elements'
import { fieldValues } from './fieldValues'
import { formCycle, type FormEventKind, type FormOutput } from './formCycle'
import { failureDetail, validationDetail, type FormFailure } from './formFailure'
import {
  handleOwnSubmit,
  submitAttempts,
  SUBMITTER,
  wrapAction,
  type SubmitOutcome,
} from './formSubmit'

export type { FieldError, FormFailure, SchemaIssue } from './formFailure'

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

export interface FormController {
  /** The callback ref: the `<form>` (or any element holding the fields). */
  ref: (element: Element | null) => void
  /**
   * Wraps an `onSubmit`: success when it returns (or its promise resolves), failure when it
   * throws or rejects (and the error stays the app's).
   */
  handleSubmit<Args extends unknown[], R>(
    onSubmit?: (...args: Args) => R,
  ): (...args: Args) => R | undefined
  /**
   * Wraps a form action (React 19: `<form action>`, `<button formAction>`, `useActionState`),
   * keeping its signature: a failure when it throws or rejects (the error rethrown, so React
   * still hands it to the nearest error boundary), or when the state it returns is an object
   * whose `errors` holds field errors (`reason: 'validation'`) or whose `error` is an `Error`, a
   * message or `{ message }` (`reason: 'exception'`); otherwise a success. The same action gets
   * the same wrapper, so `useActionState` sees a stable action.
   *
   * @example
   * const [state, submit] = useActionState(form.trackAction(subscribe), {})
   * <form ref={form.ref} action={submit}>…</form>
   */
  trackAction<Args extends unknown[], R>(action: (...args: Args) => R): (...args: Args) => R
  success(properties?: PropertiesInput): void
  failure(errorOrErrors: FormFailure, properties?: PropertiesInput): void
  abandon(): void
  /** The owning component mounted (again, under StrictMode, or shown again by `<Activity>`). */
  mounted(): void
  /**
   * The owning component's effects were cleaned up: a started form that has left the document
   * is abandoned; one still in it (hidden by `<Activity>`, StrictMode's rehearsal) is not.
   */
  unmounted(): void
}

/** How the controller sends an event: its name, and its properties layered (scopes go under). */
type Track = (event: string, properties: LayeredProperties | undefined) => void

/** A form event's name for a form: from its `events`, else the default. */
export const formEventName = (options: FormTrackingOptions, kind: FormEventKind): string =>
  options.events?.[kind] ?? FORM_EVENTS[kind]

/** The form's own properties, under each of its events': its `properties`, then its `form` name. */
export const formProperties = (options: FormTrackingOptions): LayeredProperties | undefined =>
  layerProperties(options.properties, { form: options.name })

/** The element holding the form's fields, and the last one attached. */
interface FormElements {
  current: Element | null
  /** An unmounting form's fields are still readable after its ref is cleared. */
  last: Element | null
}

/** How the form's events leave: named by its options, its own properties under each. */
function formOutput(
  options: () => FormTrackingOptions,
  track: Track,
  elements: FormElements,
  submitting: () => boolean,
): FormOutput {
  return {
    send(kind, detail, properties) {
      const current = options()
      const name = formEventName(current, kind)
      track(name, layerProperties(formProperties(current), detail, properties))
    },
    captured() {
      const values = fieldValues(elements.current ?? elements.last, options().captureValues)
      return values ? { values } : {}
    },
    submitting,
  }
}

/** Elements that have a form owner (`form.elements`, plus `<object>`), which `form="id"` may set. */
const LISTED = new Set(['BUTTON', 'FIELDSET', 'INPUT', 'OBJECT', 'OUTPUT', 'SELECT', 'TEXTAREA'])

/** The element an event is about: for a click, the submit control it landed in. */
const subjectOf = (event: Event): Element | null => {
  const target = event.target
  if (!isElement(target)) return null
  return event.type === 'click' ? (target.closest(SUBMITTER) ?? target) : target
}

/**
 * Whether an element is one of the form's, as in `form.elements`: a control's form owner
 * decides for a `<form>` (`form="id"` ties one outside it in, or one inside it to another);
 * anything else belongs to the element it is in.
 */
function belongsTo(root: Element, element: Element): boolean {
  if (root.tagName === 'FORM' && LISTED.has(element.tagName))
    return (element as HTMLInputElement).form === root
  return root.contains(element)
}

/** ARIA toggles, which may keep a hidden native box in step (Radix Checkbox, Switch, Radio Group). */
const ARIA_TOGGLE = '[role=checkbox],[role=switch],[role=radio]'

/** A click a person made, by pointer or keyboard: the browser's is a `MouseEvent`, in any window. */
const isPressed = (event: Event): boolean => typeof (event as MouseEvent).clientX === 'number'

/** A native checkbox or radio button. */
const isCheckable = (element: Element): boolean =>
  element.tagName === 'INPUT' && ['checkbox', 'radio'].includes((element as HTMLInputElement).type)

/**
 * Edits that only a `click` tells of. Radix's Checkbox, Switch and Radio Group keep a hidden
 * native box in step with the ARIA control pressed: they set its `checked` and dispatch a plain
 * `click` on it, with no `input` or `change`. That click is an edit when a toggle of the form
 * was pressed earlier in the same task. Without a press, it is the app changing the box (a
 * `reset()` after a submit, saved settings loaded), as setting a native box's `checked` from
 * code, which fires nothing and is no edit. A press on a native box is a mouse event, whose
 * `change` tells of the edit.
 */
function toggleClicks(edit: (target: Element) => void): (subject: Element, event: Event) => void {
  let pressedToggle = false
  return (subject, event) => {
    if (!isPressed(event)) {
      if (pressedToggle && isCheckable(subject)) edit(subject)
    } else if (!pressedToggle && subject.closest(ARIA_TOGGLE)) {
      pressedToggle = true
      setTimeout(() => (pressedToggle = false), 0)
    }
  }
}

/**
 * The form's listeners, in the capture phase, which hears `invalid` (it does not bubble): on
 * the element holding its fields; for a `<form>`, first on its document (or shadow root),
 * which also hears the controls tied to it by `form="id"` from outside it, whose events never
 * pass through it. A `<form>`'s own listener hears only what that one cannot: the form has
 * left it (a portal's container put in an iframe or a shadow root by an effect) or is in none.
 */
function formListeners(
  elements: FormElements,
  edited: (field: string) => void,
  failedValidation: (detail: PropertiesInput) => void,
): (on: boolean) => void {
  const onEdit = (target: Element): void => {
    if (target !== elements.current && !isIgnored(target)) edited(fieldName(target))
  }
  const attempts = submitAttempts((errors) => failedValidation(validationDetail(errors)))
  const toggled = toggleClicks(onEdit)
  const handlers = {
    input: onEdit,
    change: onEdit,
    ...attempts,
    click(subject: Element, event: Event) {
      attempts.click(subject, event)
      toggled(subject, event)
    },
  }
  /** One listener per event type, for what is the form's, each event heard once. */
  const listeners = Object.entries(handlers).map(([type, handler]) => {
    const listener = (event: Event): void => {
      const root = elements.current
      if (event.currentTarget === root && root?.getRootNode() === treeRoot) return
      const subject = subjectOf(event)
      if (root && subject && belongsTo(root, subject)) handler(subject, event)
    }
    return [type, listener] as const
  })
  /** A `<form>`'s document or shadow root, listened on while it is, besides the form. */
  let treeRoot: Node | null = null
  return (on) => {
    const element = elements.current
    if (!element) return
    if (on && element.tagName === 'FORM')
      treeRoot = element.isConnected ? element.getRootNode() : element.ownerDocument
    const method = on ? 'addEventListener' : 'removeEventListener'
    for (const [type, listener] of listeners) {
      treeRoot?.[method](type, listener, true)
      element[method](type, listener, true)
    }
    if (!on) treeRoot = null
  }
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
  /** The element holding the fields was attached: returns what undoes that when it goes. */
  attached: (element: Element) => (() => void) | undefined = () => undefined,
): FormController {
  const elements: FormElements = { current: null, last: null }
  let detach: (() => void) | undefined
  /** Submits whose `onSubmit` promise has not settled: the form is not abandoned meanwhile. */
  let submitting = 0
  /** The form has left the document (unmounted): a submit settling now is its last word. */
  let left = false
  const out = formOutput(options, track, elements, () => submitting > 0)
  const cycle = formCycle(out)
  const fail = (detail: PropertiesInput, properties?: PropertiesInput): void =>
    out.send('failed', { ...detail, ...out.captured() }, properties)
  const listen = formListeners(elements, (field) => cycle.edit(field), fail)
  const outcome: SubmitOutcome = {
    success: () => controller.success(),
    failure(error) {
      controller.failure(error)
      // unmounting during the submit was not abandonment while it might succeed; failed, it is
      // (an error boundary or a navigation replaced the form): nothing is left to resubmit
      if (left) cycle.abandon('unmount')
    },
    pending: (change) => (submitting += change),
  }

  /** Each action's wrapper, made once: an inline action gets a new one, a stable action keeps its own. */
  const actions = new WeakMap<object, unknown>()

  const controller: FormController = {
    ref(next) {
      if (next === elements.current) return
      listen(false)
      detach?.()
      elements.current = next
      if (next) elements.last = next
      listen(true)
      detach = next ? attached(next) : undefined
    },
    handleSubmit: (onSubmit) => handleOwnSubmit(() => elements.current, onSubmit, outcome),
    trackAction<Args extends unknown[], R>(action: (...args: Args) => R) {
      // JavaScript may pass anything (a string action): it is returned untouched, never thrown on
      if (typeof action !== 'function') return action
      let wrapped = actions.get(action) as ((...args: Args) => R) | undefined
      if (!wrapped) actions.set(action, (wrapped = wrapAction(action, outcome)))
      return wrapped
    },
    success: (properties) => cycle.submitted(properties),
    failure: (errorOrErrors, properties) => fail(failureDetail(errorOrErrors, scrub()), properties),
    abandon: () => cycle.abandon('manual'),
    mounted() {
      left = false
      cycle.watch(true)
    },
    unmounted() {
      // React 19's <Activity mode="hidden"> (a tab switched away, its state kept) cleans up
      // effects too, but leaves the form in the document, hidden: it is not left, and it may
      // still be submitted. A real unmount has removed the form before its effects' cleanup.
      if ((elements.current ?? elements.last)?.isConnected) return
      left = true
      cycle.abandon('unmount')
      cycle.watch(false)
    },
  }
  return controller
}
