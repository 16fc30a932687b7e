import {
  ABANDONED_FORM,
  ENCOUNTERED_ERROR,
  FAILED_FORM,
  RAGE_CLICKED,
  STARTED_FORM,
  SUBMITTED_FORM,
} from '../core/builtInNames'

/**
 * trackplan's own events, as plan entries: spread them into your plan so that forms, error
 * boundaries and rage clicks are planned events too.
 *
 * @example
 * defineTrackingPlan({
 *   naming: 'object-action',
 *   events: { ...builtInEvents, 'Pricing Viewed': {} },
 * })
 */
export const builtInEvents = {
  [STARTED_FORM]: {
    description: 'The first input or change in a form (focus alone is not a start)',
    trigger: 'TrackForm / useFormTracking: first input event',
    owner: 'trackplan',
    properties: {
      form: { type: 'string', required: true, description: 'The form name' },
      field: {
        type: 'string',
        description: 'The first field changed (name, id or aria-label; never its value)',
      },
    },
  },
  [SUBMITTED_FORM]: {
    description: 'A valid submit; with an async onSubmit, when its promise resolved',
    trigger: 'TrackForm / useFormTracking: submit, or success()',
    owner: 'trackplan',
    properties: {
      form: { type: 'string', required: true },
      durationMs: { type: 'number', description: 'Since the form was started' },
      fieldsTouched: { type: 'array', description: 'Names of the fields changed' },
    },
  },
  [FAILED_FORM]: {
    description: 'A submit blocked by validation, or an onSubmit that threw or rejected',
    trigger: 'TrackForm / useFormTracking: invalid events, rejection, or failure()',
    owner: 'trackplan',
    properties: {
      form: { type: 'string', required: true },
      reason: { type: 'string', enum: ['validation', 'exception'], required: true },
      errors: {
        type: 'array',
        description: '[{ field, code, message? }]: the first 50',
      },
      errorCount: {
        type: 'integer',
        description: 'How many field errors there were, when more than the 50 listed',
      },
      message: { type: 'string', description: 'The exception message' },
    },
  },
  [ABANDONED_FORM]: {
    description: 'A started form left without a successful submit',
    trigger: 'TrackForm / useFormTracking: unmount or page hidden',
    owner: 'trackplan',
    properties: {
      form: { type: 'string', required: true },
      lastField: { type: 'string' },
      fieldsTouched: { type: 'array' },
      durationMs: { type: 'number' },
      trigger: { type: 'string', enum: ['unmount', 'pagehide', 'manual'] },
    },
  },
  [ENCOUNTERED_ERROR]: {
    description:
      'A render error caught by TrackErrorBoundary, or an error reported with useTrackError',
    trigger: 'TrackErrorBoundary / useTrackError',
    owner: 'trackplan',
    properties: {
      errorName: { type: 'string' },
      message: { type: 'string', description: 'Truncated to 200 characters' },
      component: { type: 'string', description: 'The first component of the component stack' },
      handled: { type: 'boolean', description: 'true when reported by useTrackError' },
    },
  },
  [RAGE_CLICKED]: {
    description: '3 or more quick clicks on the same element',
    trigger: 'TrackingProvider rageClicks / useRageClicks',
    owner: 'trackplan',
    properties: {
      target: {
        type: 'string',
        required: true,
        description: 'data-track-id, role, tag and aria-label; never text',
      },
      clickCount: { type: 'integer', required: true },
    },
  },
} as const
