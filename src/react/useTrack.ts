import type { TrackFunction } from '../plan/types'
import { useScopeTrack, type ScopeTrack } from './useScopeTrack'

/**
 * Returns `track(event, properties?)`, referentially stable across renders, that adds the
 * provider's and every enclosing `TrackScope`'s properties as they are when the event fires.
 *
 * @example
 * const track = useTrack()
 * <button onClick={() => track('Clicked Plan', { plan: 'pro' })}>Pro</button>
 */
export function useTrack(): TrackFunction
export function useTrack(): ScopeTrack {
  return useScopeTrack('useTrack').track
}
