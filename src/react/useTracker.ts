import { useContext } from 'react'
import { createTracker, type Tracker } from '../core/createTracker'
import { devtools } from '../core/devtools'
import { warnOnce } from '../core/env'
import { ScopeContext } from './contexts'

let detached: Tracker<never> | undefined

/** The tracker used outside any provider: it records nothing and sends nothing. */
export function detachedTracker(hook: string): Tracker<never> {
  if (process.env.NODE_ENV !== 'production') warnOnce(`\`${hook}\` was called outside <TrackingProvider>: wrap your app in it, or pass a tracker. Nothing is tracked.`)
  // what it drops is not a consent refusal: devtools hear "no provider" instead of its drops
  detached ??= createTracker({ storage: 'memory', consent: 'denied', onError: () => {}, devtools: false })
  devtools()?.detached?.(hook)
  return detached
}

/**
 * The provider's tracker: `identify`, `page`, `setConsent`, `flush`, … Stable for the
 * provider's lifetime. Outside a provider: a tracker that does nothing (with a development warning).
 *
 * @example
 * const tracker = useTracker()
 * useEffect(() => { if (user) tracker.identify(user.id, { plan: user.plan }) }, [user])
 */
export function useTracker(): Tracker {
  return (useContext(ScopeContext)?.tracker ?? detachedTracker('useTracker')) as unknown as Tracker
}
