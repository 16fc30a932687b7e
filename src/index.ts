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
export { useTrack } from './react/useTrack'
export { useTracker } from './react/useTracker'
export { useTrackOnMount } from './react/useTrackOnMount'
export * from './core/index'
