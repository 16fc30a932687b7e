import { watchPageRageClicks, type RageClickOptions } from '../dom/rageClicks'
import { scopedProperties, type Scope } from './contexts'

/**
 * `<TrackingProvider rageClicks>`: the page's rage clicks recorded through the provider's scope,
 * with the options as the prop is now.
 */
export const watchPageFor = (scope: Scope): (() => void) =>
  watchPageRageClicks(
    (event, properties) => void scope.tracker.track(event, scopedProperties(scope, properties)),
    // `true` (or nothing, while unmounting) boxes to an object without options: the defaults
    () => Object(scope.rageClicks) as RageClickOptions,
    scope.tracker,
    // a page's own `useRageClicks()` under this provider counts instead, with its options
    { givesWay: true },
  )
