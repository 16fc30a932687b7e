import type { Item } from './item'
import {
  backoff,
  decide,
  describeAnswer,
  isRetryable,
  refusedIn,
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
  /** These are given up (a 4xx, too large, out of attempts, refused by name in a 2xx). */
  giveUp(items: Item[], reason: 'delivery' | 'size' | 'invalid', message: string): void
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

/** An answer that is the collector's or the network's trouble, not the events'. */
const failed = (answer: Answer): boolean =>
  'error' in answer || answer.redirect === true || isRetryable(answer.status)

/**
 * No request before `wait` ms from now at the soonest (a wait already longer stays), and the
 * timer set for then.
 */
function waitAtLeast(retry: RetryState, wait: number, scheduleRetry: (wait: number) => void): void {
  retry.notBefore = Math.max(retry.notBefore, Date.now() + wait)
  scheduleRetry(retry.notBefore - Date.now())
}

/** A first backoff, whatever the attempts so far: no request comes straight after trouble. */
const backOffOnce = (
  retry: RetryState,
  { baseDelay, maxDelay, random }: RetryPolicy,
  scheduleRetry: (wait: number) => void,
): void => waitAtLeast(retry, backoff(1, baseDelay, maxDelay, random), scheduleRetry)

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
  holdUntil(retry, Date.now() + answer.retryAfterMs)
}

/** How one batch goes: as the page leaves (`keepalive`), and what cancels it (close()). */
export interface Sending {
  keepalive: boolean
  cancel: AbortSignal | undefined
}

/**
 * Sends one batch and applies the policy's decision: acknowledged, split (413), dropped, or
 * retried after `wait` (`scheduleRetry`). Returns the events to retry (none: settled).
 */
export async function deliver(
  items: Item[],
  options: DeliverOptions,
  retry: RetryState,
  scheduleRetry: (wait: number) => void,
  sending: Sending,
): Promise<Item[]> {
  // a half of a split batch waits like any request: for consent denied meanwhile, for another
  // tab that adopted its events while this page was frozen (they are that tab's now), for a
  // wait the first half's answer set
  if (items.some((item) => item.discarded || item.elsewhere) || Date.now() < retry.notBefore)
    return items
  const answer = await post(items, options.transport, retryAfter, sending)
  // the page may have been frozen and its queue adopted meanwhile
  options.stillOwned()
  retry.last = describeAnswer(answer)
  honourServerWait(answer, retry)
  // a request as the page leaves is a chance, not an attempt: whatever else it meets (the
  // browser's keepalive budget spent, a collector that takes only JSON), the events wait for
  // an ordinary request, from this page or the next load — after a first backoff where the
  // collector answered with trouble of its own
  if (sending.keepalive && ('error' in answer || answer.status < 200 || answer.status >= 300)) {
    if (!('error' in answer) && failed(answer)) backOffOnce(retry, options.policy, scheduleRetry)
    return items
  }
  if ('redirect' in answer && answer.redirect && !retry.redirectReported) {
    retry.redirectReported = true
    reportRedirect(answer, options.report)
  }
  const decision = decide(answer, items.length, retry.attempts, options.policy)
  if (decision.kind === 'split') {
    const half = Math.ceil(items.length / 2)
    const first = await deliver(items.slice(0, half), options, retry, scheduleRetry, sending)
    return first.length > 0
      ? [...first, ...items.slice(half)]
      : deliver(items.slice(half), options, retry, scheduleRetry, sending)
  }
  if (decision.kind === 'retry') {
    retry.attempts = decision.attempt
    waitAtLeast(retry, decision.wait, scheduleRetry)
    return items
  }
  // another request's wait stays in force: its events go when it ends
  retry.attempts = 0
  // a collector that failed until we gave up gets a first backoff before the next batch
  if (decision.kind === 'drop' && failed(answer)) backOffOnce(retry, options.policy, scheduleRetry)
  if (decision.kind === 'delivered') {
    retry.redirectReported = false
    // a collector that refused some envelopes (trackplan's, by index) took the rest
    const refused = refusedIn((answer as { rejected?: unknown }).rejected, items)
    options.delivered(items.filter((item) => !refused.has(item)))
    refused.forEach((reason, item) =>
      options.giveUp([item], 'invalid', `the collector refused it: ${reason}`),
    )
  } else options.giveUp(items, decision.reason, decision.message)
  return []
}
