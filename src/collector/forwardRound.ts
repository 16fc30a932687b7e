import type { DropReason, Sink, SinkContext } from '../core/types'
import { createSinkLedger, type InFlight } from './sinkLedger'
import type { OutboxItem } from './store/Store'

// One round of forwarding: outbox items handed to every sink, and each sink's word on each
// item awaited — an acknowledging sink's (httpSink: the other side's 2xx) through its
// context, any other's by its send() returning. What each sink was handed is remembered
// across rounds: a sink still holding an item from an earlier round (httpSink retrying
// through an outage longer than a round) is not handed it again, only awaited.

/** How a round ended for its items. */
export interface RoundOutcome {
  delivered: OutboxItem[]
  /** `refused`: a sink refused the item for good (see REFUSALS). */
  failed: { item: OutboxItem; error: string; refused?: boolean }[]
}

/**
 * Why a sink drops an event that the same sink would drop again: the other side refused it
 * (too large, or named invalid in its answer). A drop for any other reason (httpSink out of
 * attempts) is tried again in a later round.
 */
const REFUSALS: readonly DropReason[] = ['invalid', 'size']

const describe = (cause: unknown): string =>
  cause instanceof Error ? cause.message : String(cause)

/**
 * The sinks' contexts, made once (a sink is set up once), and what each sink was handed:
 * a sink's word on an item reaches the round under way, and is remembered for a later round
 * when it comes between rounds.
 */
export function createSinkContexts(sinks: readonly Sink[], report: (error: Error) => void) {
  const ledger = createSinkLedger(sinks)
  const contextFor = (sink: Sink): SinkContext => ({
    report,
    delivered(events) {
      for (const { messageId } of events) ledger.delivered(sink, messageId)
    },
    dropped(event, reason, message) {
      ledger.failed(sink, event.messageId, message, REFUSALS.includes(reason))
    },
    awaits: (event) => ledger.holds(sink, event.messageId),
    consent: 'granted',
  })
  for (const sink of sinks) {
    try {
      sink.setup?.(contextFor(sink))
    } catch (cause) {
      report(new Error(`[trackplan] collector: sink "${sink.name}" failed in setup()`, { cause }))
    }
  }

  /** Hands the event to a sink; one that does not acknowledge has delivered once send() is done. */
  function send(sink: Sink, { item, event }: InFlight): void {
    ledger.handing(sink, item.messageId)
    const fail = (cause: unknown): void => ledger.failed(sink, item.messageId, describe(cause))
    const done = (): void => ledger.delivered(sink, item.messageId)
    try {
      const result = sink.send(event)
      if (sink.acknowledges === true) return
      if (result && typeof result.then === 'function') result.then(done, fail)
      else done()
    } catch (cause) {
      fail(cause)
    }
  }

  return {
    begin: ledger.begin,
    /** Hands each item of the round to the sinks waited for that do not hold it already. */
    handOver(round: ReadonlyMap<string, InFlight>): void {
      for (const inFlight of round.values())
        for (const sink of inFlight.waiting)
          if (!ledger.holds(sink, inFlight.item.messageId)) send(sink, inFlight)
    },
    end: ({ delivered, failed }: RoundOutcome): void =>
      ledger.end(
        delivered,
        failed.map(({ item }) => item),
      ),
  }
}

export type SinkContexts = ReturnType<typeof createSinkContexts>

/**
 * Forwards `items` to every sink that neither delivered nor holds them, and waits until each
 * sink delivered or gave up on each item, or `stop` resolves (a time limit, the collector
 * closing): what is not settled then failed.
 */
export async function forwardRound(
  items: readonly OutboxItem[],
  sinks: readonly Sink[],
  contexts: SinkContexts,
  stop: Promise<unknown>,
): Promise<RoundOutcome> {
  let allSettled = (): void => {}
  const everyItemSettled = new Promise<void>((resolve) => (allSettled = resolve))
  let round = new Map<string, InFlight>()
  const settled = (): void => {
    if ([...round.values()].every((inFlight) => inFlight.waiting.size === 0)) allSettled()
  }
  const outcome: RoundOutcome = { delivered: [], failed: [] }
  try {
    round = contexts.begin(items, settled)
    contexts.handOver(round)
    // what waits for its batch to fill goes now
    for (const sink of sinks)
      void Promise.resolve()
        .then(() => sink.flush?.())
        .catch(() => {})
    settled()
    await Promise.race([everyItemSettled, stop])
  } finally {
    for (const { item, waiting, error, refused } of round.values()) {
      if (waiting.size === 0 && error === undefined) outcome.delivered.push(item)
      else
        outcome.failed.push({
          item,
          error: error ?? 'no acknowledgement in time',
          ...(refused ? { refused } : {}),
        })
    }
    contexts.end(outcome)
  }
  return outcome
}
