import { TrackplanError } from './TrackplanError'
import type { Drop } from './pipeline'
import type { FlushOptions, Sink, SinkContext, TrackedEvent } from './types'

/** Sink isolation: every sink set up, sent to, reset, flushed and closed on its own; one failing never stops the others. */
export interface Fanout {
  /** Hands an envelope to every sink; what they return as promises is tracked until settled. */
  send(event: TrackedEvent): void
  /** `reset()` (logout) or `discard()` (consent denied) on every sink. */
  each(step: 'reset' | 'discard'): void
  /** Every sink's `flush` or `close`, side by side, each given what is left of the deadline (ms since the epoch). */
  all(step: 'flush' | 'close', deadline: number | undefined): Promise<unknown>
  /** Resolves when no promise a sink returned from `send` is pending. */
  settled(): Promise<void>
}

const remaining = (deadline: number | undefined): FlushOptions | undefined =>
  deadline === undefined ? undefined : { timeout: Math.max(0, deadline - Date.now()) }

export function createFanout(
  sinks: readonly Sink[],
  report: (error: TrackplanError) => void,
  drop: Drop,
): Fanout {
  const inFlight = new Set<Promise<void>>()
  const fail = (sink: Sink, what: string, cause: unknown, event?: TrackedEvent): void =>
    report(
      new TrackplanError(
        'sink_failed',
        process.env.NODE_ENV !== 'production' ? `sink "${sink.name}" failed ${what}.` : sink.name,
        { cause, sink: sink.name, ...(event ? { event } : {}) },
      ),
    )

  // how each sink reports its failures and its drops, named
  for (const sink of sinks) {
    const context: SinkContext = {
      report: (cause) =>
        report(
          cause instanceof TrackplanError
            ? cause
            : new TrackplanError('delivery_failed', `sink "${sink.name}": ${cause.message}`, {
                cause,
                sink: sink.name,
              }),
        ),
      dropped: (event, reason, message) =>
        void drop(reason, `sink "${sink.name}": ${message}`, event),
    }
    try {
      sink.setup?.(context)
    } catch (cause) {
      fail(sink, 'in setup()', cause)
    }
  }

  return {
    send(event) {
      for (const sink of sinks) {
        try {
          const result = sink.send(event)
          if (result && typeof result.then === 'function') {
            const pending: Promise<void> = result
              .then(undefined, (cause: unknown) =>
                fail(sink, `to send "${event.event ?? event.type}"`, cause, event),
              )
              .finally(() => inFlight.delete(pending))
            inFlight.add(pending)
          }
        } catch (cause) {
          fail(sink, `to send "${event.event ?? event.type}"`, cause, event)
        }
      }
    },
    each(step) {
      for (const sink of sinks) {
        try {
          sink[step]?.()
        } catch (cause) {
          fail(sink, `in ${step}()`, cause)
        }
      }
    },
    all: (step, deadline) =>
      Promise.allSettled(
        sinks.map(async (sink) => {
          try {
            await sink[step]?.(remaining(deadline))
          } catch (cause) {
            fail(sink, `to ${step}`, cause)
          }
        }),
      ),
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
  }
}
