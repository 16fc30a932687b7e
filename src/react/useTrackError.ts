import { useCallback } from 'react'
import { scrubsErrors } from './contexts'
import { ENCOUNTERED_ERROR } from '../core/builtInNames'
import { describeError } from '../core/describeError'
import { layerProperties } from '../core/properties'
import type { PropertiesInput } from '../core/types'
import type { EventName } from '../plan/types'
import { useScopeTrack } from './useScopeTrack'

/**
 * `trackError(error, properties?)` for errors the app caught and showed (a failed payment,
 * an error message): records `Encountered Error` with `handled: true`. Anything thrown is
 * described, never re-thrown.
 *
 * @example
 * const trackError = useTrackError()
 * try { await pay() } catch (error) { trackError(error, { step: 'payment' }); showError(error) }
 */
export function useTrackError(
  event: EventName = ENCOUNTERED_ERROR as EventName,
): (error: unknown, properties?: PropertiesInput) => void {
  const { track, scope } = useScopeTrack('useTrackError')
  return useCallback(
    (error, properties) =>
      void track(
        event,
        layerProperties(properties, describeError(error, scrubsErrors(scope)), { handled: true }),
      ),
    [track, event, scope],
  )
}
