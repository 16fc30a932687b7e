import { useCallback, useContext } from 'react'
import type { PropertiesInput, TrackedEvent } from '../core/types'
import { ScopeContext, scopedProperties } from './contexts'
import { detachedTracker } from './useTracker'
import type { TrackFunction } from '../plan/types'

/**
 * Returns `track(event, properties?)`, referentially stable across renders, that adds the
 * provider's and every enclosing `TrackScope`'s properties as they are when the event fires.
 *
 * @example
 * const track = useTrack()
 * <button onClick={() => track('Clicked Plan', { plan: 'pro' })}>Pro</button>
 */
export function useTrack(): TrackFunction {
  const scope = useContext(ScopeContext)
  const tracker = scope?.tracker ?? detachedTracker('useTrack')
  return useCallback(
    (event: string, properties?: PropertiesInput): TrackedEvent | null => tracker.track(event, scopedProperties(scope, properties)),
    [tracker, scope],
  ) as TrackFunction
}
