import type { Sink } from '../core/types'
import { backoff } from '../sinks/http/policy'
import {
  createSinkContexts,
  forwardRound,
  type RoundOutcome,
  type SinkContexts,
} from './forwardRound'
import type { OutboxItem, Store } from './store/Store'

// After commit, accepted events wait in the store's outbox; the forwarder hands them to the
// sinks in rounds and removes each only once every sink delivered it: at least once, across
// restarts too (an outbox row outlives the process that wrote it).

/** Outbox items per round. */
export const ROUND_SIZE = 100
/**
 * Longest a round waits for the sinks: within the SQL stores' outbox lease (60 s by default),
 * so that the items a round settles are still its own. What a sink has not acknowledged by then
 * is released; a later round waits for the sink still holding it rather than handing it over
 * again (forwardRound's HOLD_MS).
 */
export const ROUND_TIMEOUT_MS = 45_000
/** Rounds an item may fail before it is given up (reported; the event stays stored). */
export const MAX_FORWARD_ATTEMPTS = 20
/**
 * The wait after a failure, doubling from a second to five minutes: an item's own before its
 * next attempt (one refused event does not hold back the others), and the whole loop's after
 * a round in which every item failed (the sinks seem down).
 */
const RETRY_BASE_MS = 1_000
const RETRY_MAX_MS = 5 * 60_000
/** How often the outbox is looked at without being told (items another collector left). */
const POLL_MS = 30_000

export interface Forwarder {
  /** Something was committed to the outbox: forward it (now, or after the round under way). */
  kick(): void
  /**
   * Stops: the round under way has until `timeoutMs` for the sinks' acknowledgements; what is
   * unacknowledged then stays in the outbox for the next start. The sinks are closed.
   */
  close(timeoutMs: number): Promise<void>
}

export interface ForwarderOptions {
  store: Store
  sinks: readonly Sink[]
  report(error: Error): void
}

/** A promise resolved after `ms`, or by calling `cut()` (whichever is first). */
function pause(ms: number) {
  let cut = (): void => {}
  const timer = { id: undefined as ReturnType<typeof setTimeout> | undefined }
  const done = new Promise<void>((resolve) => {
    cut = resolve
    timer.id = setTimeout(resolve, ms)
    // the forwarder never keeps a process alive by itself: its server does
    ;(timer.id as { unref?: () => void }).unref?.()
  }).finally(() => clearTimeout(timer.id))
  return { done, cut }
}

/** Reports what is given up: each way once per round, with one of its errors. */
function reportGivenUp(givenUp: RoundOutcome['failed'], report: (error: Error) => void): void {
  const refused = givenUp.filter((failure) => failure.refused)
  const outOfAttempts = givenUp.filter((failure) => !failure.refused)
  if (refused.length > 0)
    report(
      new Error(
        `[trackplan] collector: gave up forwarding ${refused.length} event(s) a sink refused (${refused[0]!.error}); they stay stored`,
      ),
    )
  if (outOfAttempts.length > 0)
    report(
      new Error(
        `[trackplan] collector: gave up forwarding ${outOfAttempts.length} event(s) after ${MAX_FORWARD_ATTEMPTS} attempts (last: ${outOfAttempts[0]!.error}); they stay stored`,
      ),
    )
}

/**
 * After a round: what was delivered (and what a sink refused, or failed MAX_FORWARD_ATTEMPTS
 * times, reported) leaves the outbox; the rest is released, its error kept, each item waiting
 * by its own attempts. The shortest of those waits (undefined when none).
 */
async function settle(
  store: Store,
  { delivered, failed }: RoundOutcome,
  { report, closing }: { report: (error: Error) => void; closing: boolean },
): Promise<number | undefined> {
  const givenUp = failed.filter(
    ({ item, refused }) => refused === true || item.attempts + 1 >= MAX_FORWARD_ATTEMPTS,
  )
  const finished = [...delivered, ...givenUp.map(({ item }) => item)].map((item) => item.id)
  if (finished.length > 0) await store.finishOutbox(finished)
  reportGivenUp(givenUp, report)
  // one statement per error and attempt count: a round's failures share both, mostly
  const groups = new Map<string, { error: string; wait: number; ids: number[] }>()
  for (const { item, error } of failed.filter((f) => !givenUp.includes(f))) {
    const key = JSON.stringify([error, item.attempts])
    const group = groups.get(key) ?? {
      error,
      // cut short by close(): the next start tries again at once
      // whole milliseconds: a timer set for 995.6 ms fires at 995, before the store (which
      // compares the exact time) counts the item due, and the kick found nothing to take
      wait: closing ? 0 : Math.ceil(backoff(item.attempts + 1, RETRY_BASE_MS, RETRY_MAX_MS)),
      ids: [],
    }
    group.ids.push(item.id)
    groups.set(key, group)
  }
  for (const { error, wait, ids } of groups.values()) await store.failOutbox(ids, error, wait)
  const waits = [...groups.values()].map((group) => group.wait)
  return waits.length > 0 ? Math.min(...waits) : undefined
}

/**
 * Whether a round says the sinks are down: every item failed, one of them on its first
 * attempt, not only by a sink's refusal (no trouble with the sink). A round of items that
 * failed before and fail again may be only events a sink fails every time; their own waits
 * space them out.
 */
const sinksSeemDown = (
  items: readonly OutboxItem[],
  { delivered, failed }: RoundOutcome,
): boolean =>
  delivered.length === 0 &&
  items.some((item) => item.attempts === 0) &&
  failed.some((failure) => !failure.refused)

/** A kick at the soonest of the times asked for: when an item failed here may be taken again. */
function createRetryKick(kick: () => void) {
  let next: { at: number; timer: ReturnType<typeof setTimeout> } | undefined
  return {
    after(ms: number): void {
      const at = Date.now() + ms
      if (next && next.at <= at) return
      clearTimeout(next?.timer)
      const timer = setTimeout(() => {
        next = undefined
        kick()
      }, ms)
      ;(timer as { unref?: () => void }).unref?.()
      next = { at, timer }
    },
    cancel(): void {
      clearTimeout(next?.timer)
    },
  }
}

/** A round, cut at ROUND_TIMEOUT_MS or when `deadline` (close()'s) comes. */
async function forwardWithin(
  items: readonly OutboxItem[],
  sinks: readonly Sink[],
  contexts: SinkContexts,
  deadline: Promise<void>,
): Promise<RoundOutcome> {
  const stop = pause(ROUND_TIMEOUT_MS)
  try {
    return await forwardRound(items, sinks, contexts, Promise.race([stop.done, deadline]))
  } finally {
    stop.cut()
  }
}

export function createForwarder({ store, sinks, report }: ForwarderOptions): Forwarder {
  const contexts = createSinkContexts(sinks, report)
  let closing = false
  let running: Promise<void> | undefined
  let again = false
  let failedRounds = 0
  /** A retry wait, cut short by close(). */
  let waiting = pause(0)
  /** close()'s deadline: the round under way stops waiting for the sinks then. */
  let reachDeadline = (): void => {}
  const deadlineReached = new Promise<void>((resolve) => (reachDeadline = resolve))
  /** Looks at the outbox now and then, from the first kick on (the store is open by then). */
  let poll: ReturnType<typeof setInterval> | undefined
  const retry = createRetryKick(() => forwarder.kick())

  /** One round: taken, forwarded, settled. Whether anything was taken, and whether the sinks seem down. */
  async function round(): Promise<{ took: boolean; sinksDown: boolean }> {
    const items = await store.takeOutbox(ROUND_SIZE)
    if (items.length === 0) return { took: false, sinksDown: false }
    const outcome = await forwardWithin(items, sinks, contexts, deadlineReached)
    const soonestRetry = await settle(store, outcome, { report, closing })
    if (soonestRetry !== undefined && !closing) retry.after(soonestRetry)
    const sinksDown = sinksSeemDown(items, outcome)
    if (sinksDown) failedRounds++
    else if (outcome.delivered.length > 0) failedRounds = 0
    return { took: true, sinksDown }
  }

  async function loop(): Promise<void> {
    while (again && !closing) {
      again = false
      while (!closing) {
        let sinksDown = true
        try {
          const outcome = await round()
          if (!outcome.took) break
          sinksDown = outcome.sinksDown
        } catch (cause) {
          report(new Error('[trackplan] collector: forwarding failed; retrying', { cause }))
          failedRounds++
        }
        if (sinksDown && !closing) {
          waiting = pause(backoff(failedRounds, RETRY_BASE_MS, RETRY_MAX_MS))
          await waiting.done
        }
      }
    }
  }

  const forwarder: Forwarder = {
    kick() {
      if (closing || sinks.length === 0) return
      again = true
      if (!poll) {
        poll = setInterval(() => forwarder.kick(), POLL_MS)
        ;(poll as { unref?: () => void }).unref?.()
      }
      // a kick between the loop's last look at `again` and its end starts it again
      running ??= loop().finally(() => {
        running = undefined
        if (again) forwarder.kick()
      })
    },
    async close(timeoutMs) {
      closing = true
      clearInterval(poll)
      retry.cancel()
      waiting.cut()
      const deadline = Date.now() + timeoutMs
      const atDeadline = pause(timeoutMs)
      void atDeadline.done.then(reachDeadline)
      await running
      atDeadline.cut()
      const timeout = Math.max(0, deadline - Date.now())
      await Promise.allSettled(sinks.map(async (sink) => sink.close?.({ timeout })))
    },
  }
  return forwarder
}
