import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { createTracker, type Tracker, type TrackerOptions } from '../core/createTracker'
import type { PropertiesInput, TrackingPlanLike } from './types'
import { ScopeContext, type Scope } from './contexts'
import { useIsomorphicLayoutEffect } from './hooks'
import { RageClickWatcher, type RageClickOptions } from './useRageClicks'

export interface TrackingProviderProps extends Omit<TrackerOptions<TrackingPlanLike>, 'properties'> {
  /** A tracker made with `createTracker`. Without one, the provider makes its own from the other props, once. */
  tracker?: Tracker<TrackingPlanLike> | Tracker<never>
  /** Properties on every event below; read at event time, so changing them re-renders nothing. */
  properties?: PropertiesInput
  /** Record `Rage Clicked` for the whole page (one document listener while mounted); options to tune it. */
  rageClicks?: boolean | RageClickOptions
  children?: ReactNode
}

/**
 * Feeds hooks and components below it. The context holds the tracker instance, never
 * changing state: no descendant re-renders when `properties` change. `consent` stays live;
 * the other tracker options are read once, when the provider makes its tracker.
 *
 * @example
 * <TrackingProvider sinks={[consoleSink()]} properties={{ app: 'web' }}>
 *   <App />
 * </TrackingProvider>
 */
export function TrackingProvider({ tracker, properties, rageClicks, children, ...options }: TrackingProviderProps): ReactNode {
  const [own] = useState(() => (tracker ? null : (createTracker(options) as Tracker<never>)))
  const value = (tracker ?? own) as Tracker<never>
  // one node per tracker: a new `tracker` prop is the only change consumers see
  const scope = useMemo<Scope>(() => ({ parent: null, properties, tracker: value }), [value])
  useIsomorphicLayoutEffect(() => {
    scope.properties = properties
  })
  const consent = options.consent
  useEffect(() => {
    if (consent) value.setConsent(consent)
  }, [value, consent])
  return (
    <ScopeContext.Provider value={scope}>
      {rageClicks ? <RageClickWatcher options={rageClicks === true ? {} : rageClicks} /> : null}
      {children}
    </ScopeContext.Provider>
  )
}
