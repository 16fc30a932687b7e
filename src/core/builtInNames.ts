/**
 * The names of trackplan's own events, once: the defaults of the components that record them,
 * the keys of `builtInEvents` (their plan entries), and names every naming convention accepts.
 * Lists and keys elsewhere are made of these constants, not of `FORM_EVENTS`' properties: a
 * bundler keeps a property read it cannot prove harmless, and with it `FORM_EVENTS`, in a
 * bundle that uses neither.
 */
export const STARTED_FORM = 'Started Form'
export const SUBMITTED_FORM = 'Submitted Form'
export const FAILED_FORM = 'Failed Form Submission'
export const ABANDONED_FORM = 'Abandoned Form'

export const FORM_EVENTS = {
  started: STARTED_FORM,
  submitted: SUBMITTED_FORM,
  failed: FAILED_FORM,
  abandoned: ABANDONED_FORM,
} as const
export const ENCOUNTERED_ERROR = 'Encountered Error'
export const RAGE_CLICKED = 'Rage Clicked'

export const BUILT_IN_EVENT_NAMES: readonly string[] = [
  STARTED_FORM,
  SUBMITTED_FORM,
  FAILED_FORM,
  ABANDONED_FORM,
  ENCOUNTERED_ERROR,
  RAGE_CLICKED,
]
