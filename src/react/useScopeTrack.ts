import { useCallback, useContext } from 'react'
import { createTracker } from '../core/createTracker'
import { devtools } from '../core/devtools'
import { warnOnce } from '../core/env'
import type { PropertiesInput, TrackedEvent, Tracker } from '../core/types'
import { ScopeContext, scopedProperties, type Scope } from './contexts'

/** `track` as trackplan's own components call it: untyped (the registered plan types what apps call). */
export type ScopeTrack = (event: string, properties?: PropertiesInput) => TrackedEvent | null

let detached: Tracker<never> | undefined

/** The tracker used outside any provider: it records nothing and sends nothing. */
export function detachedTracker(caller: string): Tracker<never> {
  if (process.env.NODE_ENV !== 'production')
    warnOnce(
      `\`${caller}\` was called outside <TrackingProvider>: wrap your app in it, or pass a tracker. Nothing is tracked.`,
    )
  // what it drops is not a consent refusal: devtools hear "no provider" instead of its drops
  detached ??= createTracker({
    storage: 'memory',
    consent: 'denied',
    onError: () => {},
    devtools: false,
  })
  devtools()?.detached?.(caller)
  return detached
}

/**
 * The one hook behind trackplan's hooks and components: the nearest scope, its tracker (the
 * detached one outside a provider, with a development warning naming `caller`), and a
 * stable `track` that layers the scopes' properties as they are when the event fires.
 */
export function useScopeTrack(caller: string): {
  scope: Scope | null
  tracker: Tracker<never>
  track: ScopeTrack
} {
  const scope = useContext(ScopeContext)
  const tracker = scope?.tracker ?? detachedTracker(caller)
  const track = useCallback<ScopeTrack>(
    (event, properties) => tracker.track(event, scopedProperties(scope, properties)),
    [tracker, scope],
  )
  return { scope, tracker, track }
}
