import type { Sink } from '../core/types'
import { backoff } from '../sinks/http/policy'
import { createSinkContexts, forwardRound, type RoundOutcome } from './forwardRound'
import type { Store } from './store/Store'

// After commit, accepted events wait in the store's outbox; the forwarder hands them to the
// sinks in rounds and removes each only once every sink delivered it: at least once, across
// restarts too (an outbox row outlives the process that wrote it).

/** Outbox items per round. */
export const ROUND_SIZE = 100
/**
 * Longest a round waits for the sinks: within the SQL stores' outbox lease (60 s by default),
 * so that the items a round settles are still its own. What a sink has not acknowledged by then
 * is released and sent again by a later round (a sink may deliver both: at least once).
 */
export const ROUND_TIMEOUT_MS = 45_000
/** Rounds an item may fail before it is given up (reported; the event stays stored). */
export const MAX_FORWARD_ATTEMPTS = 20
/** The wait after a failed round: doubling from a second to five minutes. */
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
 * times, reported) leaves the outbox; the rest is released, its error kept.
 */
async function settle(
  store: Store,
  { delivered, failed }: RoundOutcome,
  report: (error: Error) => void,
): Promise<void> {
  const givenUp = failed.filter(
    ({ item, refused }) => refused === true || item.attempts + 1 >= MAX_FORWARD_ATTEMPTS,
  )
  const finished = [...delivered, ...givenUp.map(({ item }) => item)].map((item) => item.id)
  if (finished.length > 0) await store.finishOutbox(finished)
  reportGivenUp(givenUp, report)
  const byError = new Map<string, number[]>()
  for (const { item, error } of failed.filter((f) => !givenUp.includes(f)))
    byError.set(error, [...(byError.get(error) ?? []), item.id])
  for (const [error, ids] of byError) await store.failOutbox(ids, error)
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

  /** One round: taken, forwarded, settled. Whether anything was taken. */
  async function round(): Promise<boolean> {
    const items = await store.takeOutbox(ROUND_SIZE)
    if (items.length === 0) return false
    const stop = pause(ROUND_TIMEOUT_MS)
    const outcome = await forwardRound(
      items,
      sinks,
      contexts,
      Promise.race([stop.done, deadlineReached]),
    )
    stop.cut()
    await settle(store, outcome, report)
    // what a sink refused is no trouble with the sink: no reason to wait before the next round
    failedRounds = outcome.failed.some((failure) => !failure.refused) ? failedRounds + 1 : 0
    return true
  }

  async function loop(): Promise<void> {
    while (again && !closing) {
      again = false
      while (!closing) {
        try {
          if (!(await round())) break
        } catch (cause) {
          report(new Error('[trackplan] collector: forwarding failed; retrying', { cause }))
          failedRounds++
        }
        if (failedRounds > 0 && !closing) {
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
