import type { DropReason, SinkContext, TrackedEvent } from '../../core/types'
import type { Item } from './item'

/**
 * What the sink tells the tracker: reports (kept until `setup()`), drops, and the counts
 * devtools show (`inspect()`).
 */
export interface Outcomes {
  /** Events the collector acknowledged. */
  readonly deliveredCount: number
  /** Events given up, by why. */
  readonly droppedCounts: Readonly<Partial<Record<DropReason, number>>>
  /** The tracker's `setup()`, if it came: reports made before it are passed on now. */
  readonly context: SinkContext | undefined
  /** The tracker's `setup()`: reports made before it are passed on now. */
  attach(context: SinkContext): void
  report(message: string, cause?: unknown): void
  countDelivered(items: readonly Item[]): void
  /** These are given up: counted, and each reported to the tracker as dropped. */
  drop(
    items: readonly Item[],
    reason: 'delivery' | 'size' | 'invalid' | 'overflow' | 'consent' | 'closed',
    message: string,
  ): void
}

/**
 * Where a sink's outcomes go: the trackers that set it up, the latest last (one sink may outlive
 * the provider that made its first tracker). Acknowledgements go to every tracker (each counts
 * its own); a drop to the tracker waiting for that event, else the latest; reports to the latest.
 */
export function createOutcomes(): Outcomes {
  const contexts: SinkContext[] = []
  const latest = (): SinkContext | undefined => contexts.at(-1)
  const ownerOf = (event: TrackedEvent): SinkContext | undefined =>
    contexts.find((context) => context.awaits?.(event)) ?? latest()
  /** Reports made before the tracker called `setup()` (a constructor that met broken storage). */
  const early: Error[] = []
  let deliveredCount = 0
  const droppedCounts: Partial<Record<DropReason, number>> = {}
  return {
    get deliveredCount() {
      return deliveredCount
    },
    droppedCounts,
    get context() {
      return latest()
    },
    attach(attached) {
      if (!contexts.includes(attached)) contexts.push(attached)
      for (const error of early.splice(0)) attached.report(error)
    },
    report(message, cause) {
      // the tracker names the sink in what it reports
      const error = Object.assign(new Error(message), cause === undefined ? {} : { cause })
      const context = latest()
      if (context) context.report(error)
      else early.push(error)
    },
    countDelivered(items) {
      deliveredCount += items.length
      const events = items.map((item) => item.event)
      for (const context of contexts) context.delivered(events)
    },
    drop(items, reason, message) {
      droppedCounts[reason] = (droppedCounts[reason] ?? 0) + items.length
      for (const item of items) ownerOf(item.event)?.dropped(item.event, reason, message)
    },
  }
}

/** What a thrown value is called, for a report (`QuotaExceededError`). */
export const errorName = (cause: unknown): string => {
  try {
    return String((cause as Error)?.name ?? cause)
  } catch {
    return 'an error'
  }
}
