import type { Item } from './item'
import {
  backoff,
  decide,
  describeAnswer,
  isRetryable,
  retryAfter,
  type Answer,
  type RetryPolicy,
} from './policy'
import { post, type Transport } from './transport'

// One batch's trip: the request, and what its answer means for the retry state the sender
// keeps (how many failures in a row, the wait in force) and for the events it carried.

/** What delivering a batch needs of the sink. */
export interface DeliverOptions {
  transport: Transport
  policy: RetryPolicy
  report(message: string): void
  /**
   * Before a request: whether this tab still owns its queue (another tab may have adopted it
   * while this one was frozen); what was handed over leaves the queue.
   */
  stillOwned(): void
  /** The collector acknowledged these. */
  delivered(items: Item[]): void
  /** These are given up (a 4xx, too large, out of attempts). */
  giveUp(items: Item[], reason: 'delivery' | 'size', message: string): void
}

/**
 * Failed attempts in a row, and no request before `notBefore`: a retry wait is a floor that new
 * events, another request's success and flush() never cut short. A collector's `Retry-After`
 * (`serverWait`) holds even through `online` and giving up.
 */
export interface RetryState {
  attempts: number
  notBefore: number
  serverWait: number
  /** The last answer, described, for `inspect()`. */
  last: string
  redirectReported: boolean
}

export const newRetryState = (): RetryState => ({
  attempts: 0,
  notBefore: 0,
  serverWait: 0,
  last: '',
  redirectReported: false,
})

/** Back online: the backoff is over; a collector's `Retry-After` is not. */
export function backOnline(retry: RetryState): void {
  retry.attempts = 0
  retry.notBefore = retry.serverWait
}

/** No request before `time` (ms since the epoch): a wait another tab's queue came with. */
export function holdUntil(retry: RetryState, time: number): void {
  retry.notBefore = Math.max(retry.notBefore, time)
  retry.serverWait = Math.max(retry.serverWait, time)
}

/** The retry state as `inspect()` shows it. */
export const retryStatus = ({ attempts, notBefore, last }: RetryState) => ({
  attempts,
  notBefore,
  last,
})

/** Tells the app, once until a request succeeds again, that the collector redirects. */
function reportRedirect(
  answer: { status: number; location?: string | null },
  report: (message: string) => void,
): void {
  const where = answer.location ? ` to ${answer.location}` : ''
  const moved = `the collector moved (${answer.status || 'redirect'}${where})`
  report(
    process.env.NODE_ENV !== 'production'
      ? `${moved}: update httpSink's url. Redirects are not followed (a POST would arrive as a ` +
          'bodiless GET); the events stay queued and are retried.'
      : moved,
  )
}

/** A collector that asks for a wait (`Retry-After` on a retryable status) gets it, whatever else. */
function honourServerWait(answer: Answer, retry: RetryState): void {
  if ('error' in answer || answer.retryAfterMs === undefined || !isRetryable(answer.status)) return
  retry.serverWait = Math.max(retry.serverWait, Date.now() + answer.retryAfterMs)
  retry.notBefore = Math.max(retry.notBefore, retry.serverWait)
}

/** How one batch goes: as the page leaves (`keepalive`), and what cancels it (close()). */
export interface Sending {
  keepalive: boolean
  cancel: AbortSignal | undefined
}

/**
 * Sends one batch and applies the policy's decision: acknowledged, split (413), dropped, or
 * retried after `wait` (`scheduleRetry`).
 */
export async function deliver(
  items: Item[],
  options: DeliverOptions,
  retry: RetryState,
  scheduleRetry: (wait: number) => void,
  sending: Sending,
): Promise<'done' | 'retry'> {
  // consent was denied while a split batch was on its way: the rest never goes
  if (items.some((item) => item.discarded)) return 'retry'
  const answer = await post(items, options.transport, retryAfter, sending)
  // the page may have been frozen and its queue adopted meanwhile
  options.stillOwned()
  retry.last = describeAnswer(answer)
  honourServerWait(answer, retry)
  if ('redirect' in answer && answer.redirect && !retry.redirectReported) {
    retry.redirectReported = true
    reportRedirect(answer, options.report)
  }
  const decision = decide(answer, items.length, retry.attempts, options.policy)
  if (decision.kind === 'split') {
    const half = Math.ceil(items.length / 2)
    return (await deliver(items.slice(0, half), options, retry, scheduleRetry, sending)) === 'retry'
      ? 'retry'
      : deliver(items.slice(half), options, retry, scheduleRetry, sending)
  }
  if (decision.kind === 'retry') {
    retry.attempts = decision.attempt
    retry.notBefore = Math.max(retry.notBefore, Date.now() + decision.wait)
    scheduleRetry(retry.notBefore - Date.now())
    return 'retry'
  }
  // another request's wait stays in force: its events go when it ends
  retry.attempts = 0
  // a collector that failed until we gave up gets a first backoff before the next batch
  if (
    decision.kind === 'drop' &&
    ('error' in answer || answer.redirect || isRetryable(answer.status))
  ) {
    const wait = backoff(
      1,
      options.policy.baseDelay,
      options.policy.maxDelay,
      options.policy.random,
    )
    retry.notBefore = Math.max(retry.notBefore, Date.now() + wait)
    scheduleRetry(retry.notBefore - Date.now())
  }
  if (decision.kind === 'delivered') {
    retry.redirectReported = false
    options.delivered(items)
  } else options.giveUp(items, decision.reason, decision.message)
  return 'done'
}
