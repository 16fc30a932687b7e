import { chunk, decide, describeAnswer, retryAfter, type RetryPolicy } from './policy'
import type { Queue } from './queue'
import type { Item } from './store'
import { earliestTimer } from './timer'
import { post, type Transport } from './transport'

/**
 * Requests on the wire at once, at most, when a backlog does not fit in one request body:
 * they go side by side (events carry their own timestamps, so order between requests does
 * not matter), leaving two of a browser's six HTTP/1.1 connections per origin to the app.
 */
const MAX_REQUESTS = 4
/** More than this many batches waiting is a backlog: the next request carries all of it (up to `maxBatchBytes`), not `batchSize`. */
const BACKLOG_BATCHES = 2
/**
 * A full batch waits until this long after the previous request started (unless the backlog is
 * long, or flush() waits): each fetch costs the page 1–3 ms of main thread (measured in
 * Chromium), so events arriving fast share requests — at 200 events/s, one request a second.
 */
const MIN_REQUEST_GAP_MS = 1000
/**
 * …unless this many batches wait (or half of `maxQueueSize`): at 2,000 events/s, a request
 * every 250 ms. Each request costs the page's main thread ~0.5–2 ms even from the worker (the
 * body made and handed over, the answer handled): measured in Chromium, 10 requests a second
 * cost ~40 % more CPU per event than 4. Half the cap leaves the other half for what arrives
 * while a request is in flight (500 events: 250 ms at 2,000 events/s).
 */
const IMPATIENT_BATCHES = 25

export interface SenderOptions {
  queue: Queue
  transport: Transport
  policy: RetryPolicy
  batchSize: number
  flushInterval: number
  maxBatchBytes: number
  maxQueueSize: number
  /** Offline, paused or closed: nothing is sent, and flush() does not wait. */
  held(): boolean
  /** Stopped for good: no timer is set any more. */
  closed(): boolean
  report(message: string): void
  /** The collector acknowledged these. */
  delivered(items: Item[]): void
  /** These are given up (a 4xx, too large, out of attempts). */
  giveUp(items: Item[], reason: 'delivery' | 'size', message: string): void
}

/** httpSink's sending: when a request goes, with what, and what its answer means (the retry policy's decision). */
export interface Sender {
  /** Starts what may start now; `due`: a timer ran out (a partial batch goes too); `later`: a request that may start goes in the next task (the caller is a click's). */
  pump(due?: boolean, later?: boolean): void
  /** Resolves when nothing unsent is left (or sending is held). */
  drained(): Promise<void>
  /** Resolves `drained()` waiters if their condition holds. */
  settle(): void
  /** Back online: the retry wait is over. */
  resume(): void
  stop(): void
  /** Requests now, and the retry state, for `inspect()`. */
  state(): { requests: number; attempts: number; notBefore: number; last: string }
}

/** Failed attempts in a row, and no request before `notBefore`: a retry wait is a floor new events never cut short. */
interface RetryState {
  attempts: number
  notBefore: number
  /** The last answer, described, for `inspect()`. */
  last: string
  redirectReported: boolean
}

/** Sends one batch and applies the policy's decision: acknowledged, split (413), dropped, or retried after `wait` (`retryIn`). */
async function deliver(
  items: Item[],
  o: SenderOptions,
  retry: RetryState,
  retryIn: (wait: number) => void,
): Promise<'done' | 'retry'> {
  const answer = await post(items, o.transport, retryAfter)
  retry.last = describeAnswer(answer)
  if ('redirect' in answer && answer.redirect && !retry.redirectReported) {
    retry.redirectReported = true
    const moved = `the collector moved (${answer.status || 'redirect'}${answer.location ? ` to ${answer.location}` : ''})`
    o.report(
      process.env.NODE_ENV !== 'production'
        ? `${moved}: update httpSink's url. Redirects are not followed (a POST would arrive as a bodiless GET); the events stay queued and are retried.`
        : moved,
    )
  }
  const decision = decide(answer, items.length, retry.attempts, o.policy)
  if (decision.kind === 'split') {
    const half = Math.ceil(items.length / 2)
    return (await deliver(items.slice(0, half), o, retry, retryIn)) === 'retry'
      ? 'retry'
      : deliver(items.slice(half), o, retry, retryIn)
  }
  if (decision.kind === 'retry') {
    retry.attempts = decision.attempt
    retry.notBefore = Date.now() + decision.wait
    retryIn(decision.wait)
    return 'retry'
  }
  retry.attempts = 0
  retry.notBefore = 0
  if (decision.kind === 'delivered') {
    retry.redirectReported = false
    o.delivered(items)
  } else o.giveUp(items, decision.reason, decision.message)
  return 'done'
}

/** The oldest events waiting: `batchSize` of them while the queue is short, all of a backlog; within `maxBatchBytes`. */
function nextBatch({ queue, batchSize, maxBatchBytes }: SenderOptions, ready: number): Item[] {
  const wanted = ready > batchSize * BACKLOG_BATCHES ? ready : batchSize
  return (
    chunk(queue.oldest(wanted), {
      maxItems: wanted,
      maxBytes: maxBatchBytes,
      oversize: 'alone',
      limit: 1,
    })[0] ?? []
  )
}

export function createSender(o: SenderOptions): Sender {
  const { queue, batchSize } = o
  const impatient = Math.min(batchSize * IMPATIENT_BATCHES, Math.ceil(o.maxQueueSize / 2))
  let requests = 0
  let lastRequest = -Infinity
  const retry: RetryState = { attempts: 0, notBefore: 0, last: '', redirectReported: false }
  const timer = earliestTimer(
    () => pump(true),
    o.closed,
    () => retry.notBefore,
  )
  /** flush()'s waiters: resolved once nothing unsent is left, or sending is held. */
  let waiters: (() => void)[] = []
  const settle = (): void => {
    if (queue.unsent() > 0 && !o.held()) return
    for (const resolve of waiters.splice(0)) resolve()
  }

  /**
   * A full batch at once (at most one a MIN_REQUEST_GAP_MS), a partial one when `due` or
   * flush() waits. One request at a time carries all that waits; more go side by side only
   * when what waits does not fit in one.
   */
  function pump(due = false, later = false): void {
    if (o.held()) return settle()
    if (Date.now() < retry.notBefore) return timer.in(0)
    // while a request is in flight, its end sends what gathered meanwhile
    if (requests > 0 && !due && waiters.length === 0) return
    while (requests < MAX_REQUESTS) {
      const ready = queue.ready()
      if (ready === 0) break
      const early = !due && waiters.length === 0
      if (early && ready < batchSize) {
        timer.in(o.flushInterval)
        break
      }
      const gap = lastRequest + MIN_REQUEST_GAP_MS - Date.now()
      if (early && requests === 0 && ready < impatient && gap > 0) {
        timer.in(gap)
        break
      }
      if (later) {
        timer.in(0)
        break
      }
      const batch = nextBatch(o, ready)
      if (requests > 0 && !(ready > batch.length && batch.length > batchSize)) break
      lastRequest = Date.now()
      void request(batch)
    }
    settle()
  }

  async function request(batch: Item[]): Promise<void> {
    requests++
    queue.sending(batch, true)
    try {
      // a failed request's events are persisted now, not WRITE_AFTER_MS after they were queued
      if ((await deliver(batch, o, retry, timer.in)) === 'retry') queue.failed(batch)
    } finally {
      requests--
      queue.sending(batch, false)
    }
    if (!o.closed() && Date.now() >= retry.notBefore) pump()
    settle()
  }

  return {
    pump,
    settle,
    drained() {
      const done = new Promise<void>((resolve) => waiters.push(resolve))
      // at once, unless a retry wait is running: that is a floor, flush() included
      pump(true)
      return done
    },
    resume() {
      retry.attempts = 0
      retry.notBefore = 0
      pump(true)
    },
    stop() {
      timer.stop()
      settle()
    },
    state: () => ({
      requests,
      attempts: retry.attempts,
      notBefore: retry.notBefore,
      last: retry.last,
    }),
  }
}
