import type { Sink, TrackedEvent } from '../core/types'

export interface MemorySink extends Sink {
  /** Every envelope received, oldest first. */
  readonly events: TrackedEvent[]
  /** Forgets them. */
  clear(): void
}

/**
 * Keeps envelopes in an array: tests and devtools.
 *
 * @example
 * const memory = memorySink()
 * const tracker = createTracker({ sinks: [memory] })
 * tracker.track('Viewed Pricing'); await tracker.flush()
 * memory.events[0].event // 'Viewed Pricing'
 */
export function memorySink(options: { name?: string } = {}): MemorySink {
  const events: TrackedEvent[] = []
  return {
    name: options.name ?? 'memory',
    events,
    send: (event) => void events.push(event),
    clear: () => void events.splice(0),
    discard: () => void events.splice(0),
  }
}
