import type { Sink, TrackedEvent } from '../core/types'
import { isRecord } from '../plan/specShape'
import type { JsonObject, OutboxItem } from './store/Store'

// What each sink did with each outbox item, across rounds: a sink still holding an item from
// an earlier round (httpSink retrying through an outage longer than a round) is awaited, not
// handed it again, and its word between rounds (an acknowledgement after the item was
// released) counts for the next round that takes the item.

/**
 * How long a sink may hold an item without a word before a later round hands it again (the
 * sink is taken to have lost it), and how long what sinks did with an item no round took
 * again is remembered. Longer than httpSink's own retries with its default policy.
 */
export const HOLD_MS = 10 * 60_000

/** An item's fate in each sink, across rounds. */
interface Handed {
  /** The sinks that delivered it. */
  delivered: Set<Sink>
  /** The sinks handed it that have not yet said what became of it. */
  holding: Set<Sink>
  /** When a sink was last handed it. */
  handedAt: number
}

/** An item in the round under way: the sinks not yet done with it, and the first failure. */
export interface InFlight {
  item: OutboxItem
  event: TrackedEvent
  waiting: Set<Sink>
  error?: string
  /** A sink refused it for good: sending it again cannot help. */
  refused?: boolean
}

/** An outbox envelope as sinks take it: frozen, its properties an object (Segment's default). */
export const forwardedEvent = (envelope: JsonObject): TrackedEvent =>
  Object.freeze({
    ...envelope,
    properties: isRecord(envelope.properties) ? envelope.properties : {},
  }) as unknown as TrackedEvent

export function createSinkLedger(sinks: readonly Sink[]) {
  const handed = new Map<string, Handed>()
  let current: Map<string, InFlight> | undefined
  let changed = (): void => {}
  return {
    /** A sink delivered it (the other side acknowledged it, or send() is done). */
    delivered(sink: Sink, messageId: string): void {
      const fate = handed.get(messageId)
      fate?.holding.delete(sink)
      fate?.delivered.add(sink)
      current?.get(messageId)?.waiting.delete(sink)
      changed()
    },
    /**
     * A sink gave up on it (`refused`: for good): the round under way failed it; a later one
     * hands it again.
     */
    failed(sink: Sink, messageId: string, message: string, refused = false): void {
      handed.get(messageId)?.holding.delete(sink)
      const inFlight = current?.get(messageId)
      if (!inFlight?.waiting.has(sink)) return
      inFlight.error ??= `sink "${sink.name}": ${message}`
      if (refused) inFlight.refused = true
      inFlight.waiting.delete(sink)
      changed()
    },
    holds: (sink: Sink, messageId: string): boolean =>
      handed.get(messageId)?.holding.has(sink) ?? false,
    handing(sink: Sink, messageId: string): void {
      const fate = handed.get(messageId)
      fate?.holding.add(sink)
      if (fate) fate.handedAt = Date.now()
    },
    /**
     * The round under way: its items by messageId, each waiting for the sinks that have not
     * delivered it; `onChange` is called when a sink says something.
     */
    begin(items: readonly OutboxItem[], onChange: () => void): Map<string, InFlight> {
      const now = Date.now()
      for (const [messageId, fate] of handed)
        if (now - fate.handedAt > HOLD_MS) handed.delete(messageId)
      const round = new Map<string, InFlight>()
      for (const item of items) {
        const fate = handed.get(item.messageId) ?? {
          delivered: new Set<Sink>(),
          holding: new Set<Sink>(),
          handedAt: now,
        }
        handed.set(item.messageId, fate)
        const waiting = new Set(sinks.filter((sink) => !fate.delivered.has(sink)))
        round.set(item.messageId, { item, event: forwardedEvent(item.envelope), waiting })
      }
      current = round
      changed = onChange
      return round
    },
    /** The round is over: what every sink delivered is forgotten (it leaves the outbox). */
    end(delivered: readonly OutboxItem[], failed: readonly OutboxItem[]): void {
      current = undefined
      changed = () => {}
      for (const item of delivered) handed.delete(item.messageId)
      for (const item of failed) {
        const fate = handed.get(item.messageId)
        if (fate && fate.holding.size === 0 && fate.delivered.size === 0)
          handed.delete(item.messageId)
      }
    },
  }
}

export type SinkLedger = ReturnType<typeof createSinkLedger>
