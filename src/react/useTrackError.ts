import { useCallback } from 'react'
import type { PropertiesInput } from '../core/types'
import type { EventName } from '../plan/types'
import { useTrack } from './useTrack'

const MAX_MESSAGE = 200

/** An error's name and message (truncated to 200 characters), whatever was thrown. */
export function describeError(error: unknown): { errorName: string; message: string } {
  let errorName: string
  let message: string
  if (error instanceof Error) {
    errorName = error.name
    message = error.message
  } else if (typeof error === 'string') {
    errorName = 'string'
    message = error
  } else {
    errorName = error === null ? 'null' : typeof error
    try {
      message = JSON.stringify(error) ?? String(error)
    } catch {
      message = Object.prototype.toString.call(error)
    }
  }
  return { errorName, message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message }
}

/**
 * `trackError(error, properties?)` for errors the app caught and showed (a failed payment,
 * an error message): records `Encountered Error` with `handled: true`. Anything thrown is
 * described, never re-thrown.
 *
 * @example
 * const trackError = useTrackError()
 * try { await pay() } catch (error) { trackError(error, { step: 'payment' }); showError(error) }
 */
export function useTrackError(event: EventName = 'Encountered Error' as EventName): (error: unknown, properties?: PropertiesInput) => void {
  const track = useTrack() as (event: string, properties: PropertiesInput) => unknown
  return useCallback(
    (error, properties) => void track(event, { ...properties, ...describeError(error), handled: true }),
    [track, event],
  )
}
