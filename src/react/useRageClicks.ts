import { useEffect } from 'react'
import { watchPageRageClicks, type RageClickOptions } from '../dom/rageClicks'
import { useLatest } from './hooks'
import { useScopeTrack } from './useScopeTrack'

export type { RageClickOptions } from '../dom/rageClicks'

/**
 * Records `Rage Clicked` for the whole document while the component is mounted (a
 * `pointerup` and a `click` listener on the document).
 * `<TrackingProvider rageClicks>` does the same.
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
