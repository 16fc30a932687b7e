import { useContext } from 'react'
import type { Tracker } from '../core/types'
import { ScopeContext } from './contexts'
import { detachedTracker } from './useScopeTrack'

/**
 * The provider's tracker: `identify`, `page`, `setConsent`, `flush`, … Stable for the
 * provider's lifetime. Outside a provider: a tracker that does nothing (with a development warning).
 *
 * @example
 * const tracker = useTracker()
 * useEffect(() => { if (user) tracker.identify(user.id, { plan: user.plan }) }, [user])
 */
export function useTracker(): Tracker
export function useTracker(): Tracker<never> {
  return useContext(ScopeContext)?.tracker ?? detachedTracker('useTracker')
}
