/**
 * `trackplan`: React bindings, and re-exports of the core and the built-in sinks.
 */
export { TrackingProvider } from './react/TrackingProvider'
export type { TrackingProviderProps } from './react/TrackingProvider'
export { TrackScope } from './react/TrackScope'
export type { TrackScopeProps } from './react/TrackScope'
export { TrackClick } from './react/TrackClick'
export type { TrackClickProps } from './react/TrackClick'
export { TrackView } from './react/TrackView'
export type { TrackViewProps } from './react/TrackView'
export { TrackForm } from './react/TrackForm'
export type { TrackFormProps } from './react/TrackForm'
export { useFormTracking } from './react/useFormTracking'
export type {
  FormController,
  FormEventNames,
  FormFailure,
  FormTrackingOptions,
  FieldError,
  SchemaIssue,
} from './dom/formTracking'
export { TrackErrorBoundary } from './react/TrackErrorBoundary'
export type { TrackErrorBoundaryProps } from './react/TrackErrorBoundary'
export { useTrackError } from './react/useTrackError'
export { useRageClicks } from './react/useRageClicks'
export type { RageClickOptions } from './react/useRageClicks'
export { useTrack } from './react/useTrack'
export { useTracker } from './react/useTracker'
export { useTrackOnMount } from './react/useTrackOnMount'
export { TrackPageViews } from './react/TrackPageViews'
export * from './entries/core'
