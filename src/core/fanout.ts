import { TrackplanError } from './TrackplanError'
import type { Drop } from './pipeline'
import type {
  ConsentState,
  FlushOptions,
  Sink,
  SinkContext,
  TrackedEvent,
  TrackerStats,
} from './types'

/** What the tracker's consent says to sinks, as a step each sink may take. */
export type SinkStep = 'reset' | 'discard' | 'consentGranted'

/** Sink isolation: every sink set up, sent to, reset, flushed and closed on its own; one failing never stops the others. */
export interface Fanout {
  /** Hands an envelope to every sink; what they return as promises is tracked until settled. */
  send(event: TrackedEvent): void
  /** `reset()` (logout), `discard()` (consent denied) or `consentGranted()` on every sink. */
  each(step: SinkStep): void
  /** Every sink's `flush` or `close`, side by side, each given what is left of the deadline (ms since the epoch). */
  all(step: 'flush' | 'close', deadline: number | undefined): Promise<unknown>
  /** Resolves when no promise a sink returned from `send` is pending. */
  settled(): Promise<void>
  /**
   * Every sink's `setup()`, once the tracker is whole: a sink may report drops from it (what
   * earlier pages left, discarded under denied consent).
   */
  setup(): void
}

const remaining = (deadline: number | undefined): FlushOptions | undefined =>
  deadline === undefined ? undefined : { timeout: Math.max(0, deadline - Date.now()) }

export interface FanoutOptions {
  report(error: TrackplanError): void
  drop: Drop
  stats: TrackerStats
  /** Consent when the sinks are set up (Do Not Track reads as denied). */
  consent: ConsentState
}

/**
 * `stats().sent` and `stats().delivered`: an event is delivered once every sink has — at once
 * for a sink that does not acknowledge, else when it says the other side did — and never once a
 * sink dropped it. Events are known by `messageId`: one that left for another tab and came back
 * (a persisted queue adopted twice) is still this tracker's; another tab's is not counted.
 */
function createAcknowledgements(sinks: readonly Sink[], stats: TrackerStats) {
  const acknowledging = sinks.filter((sink) => sink.acknowledges === true).length
  /** Acknowledgements still to come, by messageId. */
  const awaiting = new Map<string, number>()
  return {
    sent(event: TrackedEvent): void {
      stats.sent++
      if (acknowledging === 0) stats.delivered++
      else awaiting.set(event.messageId, acknowledging)
    },
    acknowledged(events: readonly TrackedEvent[]): void {
      for (const { messageId } of events) {
        const left = awaiting.get(messageId)
        if (left === undefined) continue
        if (left > 1) awaiting.set(messageId, left - 1)
        else {
          awaiting.delete(messageId)
          stats.delivered++
        }
      }
    },
    dropped: (event: TrackedEvent): void => void awaiting.delete(event.messageId),
    awaits: (event: TrackedEvent): boolean => awaiting.has(event.messageId),
  }
}

/** What `sink` is given in `setup()`: its failures, drops and acknowledgements, named. */
function contextFor(
  sink: Sink,
  { report, drop, consent }: FanoutOptions,
  acknowledgements: ReturnType<typeof createAcknowledgements>,
): SinkContext {
  return {
    report: (cause) =>
      report(
        cause instanceof TrackplanError
          ? cause
          : new TrackplanError('delivery_failed', `sink "${sink.name}": ${cause.message}`, {
              cause,
              sink: sink.name,
            }),
      ),
    dropped(event, reason, message) {
      acknowledgements.dropped(event)
      drop(reason, `sink "${sink.name}": ${message}`, event)
    },
    delivered: (events) => acknowledgements.acknowledged(events),
    awaits: acknowledgements.awaits,
    consent,
  }
}

export function createFanout(sinks: readonly Sink[], options: FanoutOptions): Fanout {
  const { report } = options
  const inFlight = new Set<Promise<void>>()
  const acknowledgements = createAcknowledgements(sinks, options.stats)
  /** Reports a sink's failure: in `what` (a step), or to send `event`. */
  const fail = (sink: Sink, what: string, cause: unknown, event?: TrackedEvent): void =>
    report(
      new TrackplanError(
        'sink_failed',
        process.env.NODE_ENV !== 'production'
          ? `sink "${sink.name}" failed ${event ? `to send "${event.event ?? event.type}"` : what}.`
          : sink.name,
        { cause, sink: sink.name, event },
      ),
    )

  const setup = (sink: Sink): void => {
    try {
      sink.setup?.(contextFor(sink, options, acknowledgements))
    } catch (cause) {
      fail(sink, 'in setup()', cause)
    }
  }

  return {
    setup: () => sinks.forEach(setup),
    send(event) {
      acknowledgements.sent(event)
      for (const sink of sinks) {
        try {
          const result = sink.send(event)
          if (result && typeof result.then === 'function') {
            const pending: Promise<void> = result
              .then(undefined, (cause: unknown) => fail(sink, 'send', cause, event))
              .finally(() => inFlight.delete(pending))
            inFlight.add(pending)
          }
        } catch (cause) {
          fail(sink, 'send', cause, event)
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
