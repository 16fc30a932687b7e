/**
 * The names of trackplan's own events, once: the defaults of the components that record them,
 * the keys of `builtInEvents` (their plan entries), and names every naming convention accepts.
 */
const STARTED_FORM = 'Started Form'
const SUBMITTED_FORM = 'Submitted Form'
const FAILED_FORM = 'Failed Form Submission'
const ABANDONED_FORM = 'Abandoned Form'

export const FORM_EVENTS = {
  started: STARTED_FORM,
  submitted: SUBMITTED_FORM,
  failed: FAILED_FORM,
  abandoned: ABANDONED_FORM,
} as const
export const ENCOUNTERED_ERROR = 'Encountered Error'
export const RAGE_CLICKED = 'Rage Clicked'

// made of constants, not of FORM_EVENTS: a bundle that does not use the list leaves it out
export const BUILT_IN_EVENT_NAMES: readonly string[] = [
  STARTED_FORM,
  SUBMITTED_FORM,
  FAILED_FORM,
  ABANDONED_FORM,
  ENCOUNTERED_ERROR,
  RAGE_CLICKED,
]
