import type { FORM_EVENTS } from '../core/builtInNames'
import { currentPage, onPage } from '../core/context'
import type { PageContext, PropertiesInput } from '../core/types'
import { onPageHidden } from './pageHidden'

/** The four form events, by what they mean: `started`, `submitted`, `failed`, `abandoned`. */
export type FormEventKind = keyof typeof FORM_EVENTS

/** What a form's cycle works with. */
export interface FormOutput {
  /** Sends one of the four events: its detail, then the call's properties, over the form's own. */
  send(kind: FormEventKind, detail: PropertiesInput, properties?: PropertiesInput): void
  /** The allowed fields' values, as `{ values }`, or nothing. */
  captured(): PropertiesInput
  /** Whether a submit's promise is pending. */
  submitting(): boolean
}

/** One form's cycle, driven by the controller. */
export interface FormCycle {
  /** A field was edited: the first edit starts the cycle. */
  edit(field: string): void
  /** The submit succeeded; `properties` are the app's, from `success()`. */
  submitted(properties?: PropertiesInput): void
  abandon(trigger: 'unmount' | 'pagehide' | 'manual'): void
  /** The owning component mounted (again): a started form watches the page again. */
  watch(on: boolean): void
}

/**
 * One form's cycle: started by the first edit → submitted (the next edit starts a new
 * cycle) or abandoned (at most once per start; a submit in flight is not abandonment).
 */
export function formCycle(out: FormOutput): FormCycle {
  let started = false
  let startedAt = 0
  // the page the form was started on: its abandonment belongs there, even after a navigation
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
  /** What an ending (submitted, abandoned) says about the cycle. */
  const endDetail = (): PropertiesInput => ({
    durationMs: started ? Math.round(Date.now() - startedAt) : 0,
    fieldsTouched: [...touched],
    ...out.captured(),
  })

  const cycle: FormCycle = {
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
      // a second submit with no edit since the last success (a double click) is the same one
      if (submittedSinceEdit) return
      submittedSinceEdit = true
      out.send('submitted', endDetail(), properties)
      // the next edit starts a new cycle, afresh
      started = false
      watchPage(false)
    },
    abandon(trigger: 'unmount' | 'pagehide' | 'manual'): void {
      // a submit in flight (a spinner replaced the form during `await`) is not abandonment
      if (!started || abandoned || (out.submitting() && trigger !== 'manual')) return
      abandoned = true
      watchPage(false)
      onPage(startedOn, () =>
        out.send('abandoned', { lastField: lastField ?? null, ...endDetail(), trigger }),
      )
    },
    watch(on: boolean): void {
      watchPage(on && started && !abandoned)
    },
  }
  return cycle
}
