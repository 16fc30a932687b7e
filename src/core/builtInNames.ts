/**
 * The names of trackplan's own events, once: the defaults of the components that record them,
 * the keys of `builtInEvents` (their plan entries), and names every naming convention accepts.
 */
export const FORM_EVENTS = {
  started: 'Started Form',
  submitted: 'Submitted Form',
  failed: 'Failed Form Submission',
  abandoned: 'Abandoned Form',
} as const
export const ENCOUNTERED_ERROR = 'Encountered Error'
export const RAGE_CLICKED = 'Rage Clicked'

export const BUILT_IN_EVENT_NAMES: readonly string[] = [
  ...Object.values(FORM_EVENTS),
  ENCOUNTERED_ERROR,
  RAGE_CLICKED,
]
