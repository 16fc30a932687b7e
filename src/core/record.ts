import type { RecordEvent } from './calls'
import type { Consent } from './consent'
import type { Delivery } from './delivery'
import { buildEnvelope } from './envelope'
import type { Drop, Passage, Pipeline } from './pipeline'
import { TrackplanError } from './TrackplanError'
import type { PropertiesInput, TrackerStats } from './types'

export interface RecordOptions {
  /** The tracker's own properties, under every track and page event's. */
  globals: PropertiesInput | undefined
  stats: TrackerStats
  report(error: TrackplanError): void
  drop: Drop
  pipeline: Pipeline
  consent: Consent
  delivery: Delivery
  /** After `close()`, events are dropped. */
  closed(): boolean
  /** The consent buffer's cap, for the message of an overflow. */
  bufferSize: number
}

/** Recording one event: its envelope built, through the pipeline, then to the queue, the consent buffer, or nowhere (counted). */
export function createRecord({
  globals,
  stats,
  report,
  drop,
  pipeline,
  consent,
  delivery,
  closed,
  bufferSize,
}: RecordOptions): RecordEvent {
  return (who, type, name, properties, extra) => {
    const label = name ?? type
    if (closed())
      return drop(
        'closed',
        process.env.NODE_ENV !== 'production'
          ? `"${label}" was tracked after close(); it was dropped.`
          : label,
      )
    const draft = buildEnvelope(who, type, name, globals, properties, extra)
    stats.tracked++
    if (draft.unreadable) {
      const paths = draft.unreadable.map((p) => `"${p}"`).join(', ')
      report(
        new TrackplanError(
          'invalid_event',
          process.env.NODE_ENV !== 'production'
            ? `"${label}": ${paths} could not be read (a getter or a proxy threw); sent as "[Unreadable]".`
            : paths,
          { event: draft.event },
        ),
      )
    }
    const passed = pipeline.run(draft.event, label, draft.estimate)
    if (!passed) return null
    const { event, violations } = passed
    if (consent.blocked || consent.state === 'denied') {
      return drop(
        'consent',
        process.env.NODE_ENV !== 'production'
          ? `"${label}" was dropped: ${consent.blocked ? 'Do Not Track / Global Privacy Control is on' : 'consent is denied'}.`
          : label,
        event,
        violations,
      )
    }
    const pending = consent.state === 'pending'
    const passage: Passage = {
      event,
      info: pending ? { violations, buffered: true } : { violations },
      deliver: !pending,
      verdict: violations.pending,
    }
    const pushedOut = pending ? consent.hold(event) : undefined
    if (pushedOut)
      drop(
        'overflow',
        process.env.NODE_ENV !== 'production'
          ? `the consent buffer is full (${bufferSize}); the oldest event, "${pushedOut.event ?? pushedOut.type}", was dropped.`
          : 'overflow',
        pushedOut,
      )
    delivery.enqueue(passage)
    return event
  }
}
