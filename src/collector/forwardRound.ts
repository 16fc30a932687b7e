import type { DropReason, Sink, SinkContext, TrackedEvent } from '../core/types'
import { isRecord } from '../plan/specShape'
import type { JsonObject, OutboxItem } from './store/Store'

// One round of forwarding: outbox items handed to every sink, and each sink's word on each
// item awaited — an acknowledging sink's (httpSink: the other side's 2xx) through its
// context, any other's by its send() returning.

/** An item on its way: the sinks that have not yet delivered it, and the first failure. */
interface InFlight {
  item: OutboxItem
  event: TrackedEvent
  waiting: Set<Sink>
  error?: string
  /** A sink refused it for good: sending it again cannot help. */
  refused?: boolean
}

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

/** An outbox envelope as sinks take it: frozen, its properties an object (Segment's default). */
export const forwardedEvent = (envelope: JsonObject): TrackedEvent =>
  Object.freeze({
    ...envelope,
    properties: isRecord(envelope.properties) ? envelope.properties : {},
  }) as unknown as TrackedEvent

/**
 * The sinks' contexts, made once (a sink is set up once), routed to whichever round is under
 * way: acknowledgements and drops of events no round waits for are ignored.
 */
export function createSinkContexts(sinks: readonly Sink[], report: (error: Error) => void) {
  let current: Map<string, InFlight> | undefined
  let changed = (): void => {}
  const contextFor = (sink: Sink): SinkContext => ({
    report,
    delivered(events) {
      for (const { messageId } of events) current?.get(messageId)?.waiting.delete(sink)
      changed()
    },
    dropped(event, reason, message) {
      const inFlight = current?.get(event.messageId)
      if (!inFlight) return
      inFlight.error ??= `sink "${sink.name}": ${message}`
      if (REFUSALS.includes(reason)) inFlight.refused = true
      inFlight.waiting.delete(sink)
      changed()
    },
    awaits: (event) => current?.get(event.messageId)?.waiting.has(sink) ?? false,
    consent: 'granted',
  })
  for (const sink of sinks) {
    try {
      sink.setup?.(contextFor(sink))
    } catch (cause) {
      report(new Error(`[trackplan] collector: sink "${sink.name}" failed in setup()`, { cause }))
    }
  }
  return {
    /** The round under way: its items by messageId, and what to call when one settles. */
    begin(round: Map<string, InFlight>, onChange: () => void): void {
      current = round
      changed = onChange
    },
    end(): void {
      current = undefined
      changed = () => {}
    },
  }
}

export type SinkContexts = ReturnType<typeof createSinkContexts>

const describe = (cause: unknown): string =>
  cause instanceof Error ? cause.message : String(cause)

/** Hands an item's event to a sink; a sink that does not acknowledge has delivered once send() is done. */
function sendTo(sink: Sink, inFlight: InFlight, settled: () => void): void {
  const failed = (cause: unknown): void => {
    inFlight.error ??= `sink "${sink.name}": ${describe(cause)}`
    inFlight.waiting.delete(sink)
    settled()
  }
  const done = (): void => {
    inFlight.waiting.delete(sink)
    settled()
  }
  try {
    const result = sink.send(inFlight.event)
    if (sink.acknowledges === true) return
    if (result && typeof result.then === 'function') result.then(done, failed)
    else done()
  } catch (cause) {
    failed(cause)
  }
}

/**
 * Forwards `items` to every sink and waits until each sink delivered or gave up on each item,
 * or `stop` resolves (a time limit, the collector closing): what is not settled then failed.
 */
export async function forwardRound(
  items: readonly OutboxItem[],
  sinks: readonly Sink[],
  contexts: SinkContexts,
  stop: Promise<unknown>,
): Promise<RoundOutcome> {
  const round = new Map<string, InFlight>()
  for (const item of items)
    round.set(item.messageId, {
      item,
      event: forwardedEvent(item.envelope),
      waiting: new Set(sinks),
    })
  let allSettled = (): void => {}
  const everyItemSettled = new Promise<void>((resolve) => (allSettled = resolve))
  const settled = (): void => {
    if ([...round.values()].every((inFlight) => inFlight.waiting.size === 0)) allSettled()
  }
  contexts.begin(round, settled)
  try {
    for (const inFlight of round.values()) for (const sink of sinks) sendTo(sink, inFlight, settled)
    // what waits for its batch to fill goes now
    for (const sink of sinks)
      void Promise.resolve()
        .then(() => sink.flush?.())
        .catch(() => {})
    settled()
    await Promise.race([everyItemSettled, stop])
  } finally {
    contexts.end()
  }
  const outcome: RoundOutcome = { delivered: [], failed: [] }
  for (const { item, waiting, error, refused } of round.values()) {
    if (waiting.size === 0 && error === undefined) outcome.delivered.push(item)
    else
      outcome.failed.push({
        item,
        error: error ?? 'no acknowledgement in time',
        ...(refused ? { refused } : {}),
      })
  }
  return outcome
}
