import { useEffect, useRef } from 'react'
import type { EventName, PropertiesArgsFor } from '../plan/types'
import type { PropertiesInput } from '../core/types'
import { useLatest } from './hooks'
import { useScopeTrack } from './useScopeTrack'

/**
 * Tracks an event exactly once per mount, StrictMode's double effects included. Later
 * changes to its arguments do not fire it again; a remount (a new `key`) does.
 *
 * @example
 * useTrackOnMount('Viewed Pricing', { plan: 'pro' })
 */
export function useTrackOnMount<Name extends EventName>(
  event: Name,
  ...args: PropertiesArgsFor<Name>
): void {
  const { track } = useScopeTrack('useTrackOnMount')
  const latest = useLatest({ event, properties: args[0] as PropertiesInput | undefined })
  const fired = useRef(false)
  useEffect(() => {
    if (fired.current) return
    fired.current = true
    track(latest.current.event, latest.current.properties)
  }, [track, latest])
}
