import type { Sink, TrackedEvent } from '../core/types'

/**
 * Hands every envelope to a function: anything the built-in sinks do not cover.
 * A returned promise is awaited by `tracker.flush()`; a throw or rejection goes to `onError`.
 *
 * @example
 * callbackSink((event) =>
 *   fetch('/collect', { method: 'POST', body: JSON.stringify(event), keepalive: true }),
 * )
 */
export function callbackSink(
  callback: (event: TrackedEvent) => void | Promise<unknown>,
  options: { name?: string } = {},
): Sink {
  return {
    name: options.name ?? 'callback',
    send: async (event) => {
      await callback(event)
    },
  }
}
