import { useEffect } from 'react'
import { watchPageRageClicks, type RageClickOptions } from '../dom/rageClicks'
import { useLatest } from './hooks'
import { useScopeTrack } from './useScopeTrack'

export type { RageClickOptions } from '../dom/rageClicks'

/**
 * Records `Rage Clicked` for the whole document while the component is mounted (a
 * `pointerup` and a `click` listener on the document).
 * `<TrackingProvider rageClicks>` does the same; under one with the same tracker, this hook
 * counts instead of the provider while it is mounted, with its options and scope, so each
 * burst is recorded once.
 *
 * @example
 * useRageClicks({ clicks: 4 })
 */
export function useRageClicks(options: RageClickOptions = {}): void {
  const { track, tracker } = useScopeTrack('useRageClicks')
  const latest = useLatest({ options, track })
  useEffect(
    () =>
      watchPageRageClicks(
        (event, properties) => void latest.current.track(event, properties),
        () => latest.current.options,
        tracker,
      ),
    [latest, tracker],
  )
}
