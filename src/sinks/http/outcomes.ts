import type { DropReason, SinkContext } from '../../core/types'
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
    reason: 'delivery' | 'size' | 'overflow' | 'consent',
    message: string,
  ): void
}

export function createOutcomes(): Outcomes {
  let context: SinkContext | undefined
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
      return context
    },
    attach(attached) {
      context = attached
      for (const error of early.splice(0)) attached.report(error)
    },
    report(message, cause) {
      // the tracker names the sink in what it reports
      const error = Object.assign(new Error(message), cause === undefined ? {} : { cause })
      if (context) context.report(error)
      else early.push(error)
    },
    countDelivered(items) {
      deliveredCount += items.length
      context?.delivered(items.map((item) => item.event))
    },
    drop(items, reason, message) {
      droppedCounts[reason] = (droppedCounts[reason] ?? 0) + items.length
      for (const item of items) context?.dropped(item.event, reason, message)
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
