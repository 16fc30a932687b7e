import type { Item } from './item'
import {
  backoff,
  chunk,
  decide,
  describeAnswer,
  isRetryable,
  retryAfter,
  type Answer,
  type RetryPolicy,
} from './policy'
import type { Queue } from './queue'
import { earliestTimer } from './timer'
import { LEAVE_BYTES, post, type Transport } from './transport'

/**
 * Requests on the wire at once, at most, when a backlog does not fit in one request body:
 * they go side by side (events carry their own timestamps, so order between requests does
 * not matter), leaving two of a browser's six HTTP/1.1 connections per origin to the app.
 */
const MAX_REQUESTS = 4
/**
 * More than this many batches waiting is a backlog: the next request carries all of it (up to
 * `maxBatchBytes`), not `batchSize`.
 */
const BACKLOG_BATCHES = 2
/**
 * A full batch waits until this long after the previous request started (unless the backlog is
 * long, or flush() waits): each request costs the page's main thread, so events arriving fast
 * share requests.
 */
const MIN_REQUEST_GAP_MS = 1000
/**
 * …unless this many batches wait (or half of `maxQueueSize`): a flood of events then sends
 * more often, but not on every batch, since each request costs the page's main thread even
 * from the worker (the body made and handed over, the answer handled). Half the cap leaves the
 * other half for what arrives while a request is in flight.
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
  /**
   * Before a request: whether this tab still owns its queue (another tab may have adopted it
   * while this one was frozen); what was handed over leaves the queue.
   */
  stillOwned(): void
  /** A request ended after the sink was closed. */
  answeredWhileClosed(): void
  report(message: string): void
  /** The collector acknowledged these. */
  delivered(items: Item[]): void
  /** These are given up (a 4xx, too large, out of attempts). */
  giveUp(items: Item[], reason: 'delivery' | 'size', message: string): void
}

export interface PumpOptions {
  /** A timer ran out: a partial batch goes too. */
  due?: boolean
  /** A request that may start goes in the next task (the caller is a click's). */
  inNextTask?: boolean
}

/** The sender's progress, for `inspect()`. */
export interface SenderStatus {
  /** Requests on the wire now. */
  requests: number
  /** Failed attempts in a row. */
  attempts: number
  /** No request before this time (ms since the epoch): the retry wait. */
  notBefore: number
  /** The last answer, described. */
  last: string
}

/**
 * httpSink's sending: when a request goes, with what, and what its answer means (the retry
 * policy's decision).
 */
export interface Sender {
  /** Starts what may start now. */
  pump(options?: PumpOptions): void
  /** Resolves when nothing unsent is left (or sending is held). */
  drained(): Promise<void>
  /** Resolves `drained()` waiters if their condition holds. */
  settle(): void
  /** Back online: the backoff is over (a collector's `Retry-After` is not). */
  resume(): void
  /**
   * The page is going away: what waits leaves now in `keepalive` requests from the page (which
   * outlive it), unless a retry wait is in force; their answers count if the page lives on.
   */
  leave(): void
  /** No request before this time (ms since the epoch): a wait another tab's queue came with. */
  waitUntil(time: number): void
  stop(): void
  status(): SenderStatus
}

/**
 * Failed attempts in a row, and no request before `notBefore`: a retry wait is a floor that new
 * events, another request's success and flush() never cut short. A collector's `Retry-After`
 * (`serverWait`) holds even through `online` and giving up.
 */
interface RetryState {
  attempts: number
  notBefore: number
  serverWait: number
  /** The last answer, described, for `inspect()`. */
  last: string
  redirectReported: boolean
}

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

/**
 * Sends one batch and applies the policy's decision: acknowledged, split (413), dropped, or
 * retried after `wait` (`scheduleRetry`).
 */
/** A collector that asks for a wait (`Retry-After` on a retryable status) gets it, whatever else. */
function honourServerWait(answer: Answer, retry: RetryState): void {
  if ('error' in answer || answer.retryAfterMs === undefined || !isRetryable(answer.status)) return
  retry.serverWait = Math.max(retry.serverWait, Date.now() + answer.retryAfterMs)
  retry.notBefore = Math.max(retry.notBefore, retry.serverWait)
}

async function deliver(
  items: Item[],
  options: SenderOptions,
  retry: RetryState,
  scheduleRetry: (wait: number) => void,
  keepalive = false,
): Promise<'done' | 'retry'> {
  // consent was denied while a split batch was on its way: the rest never goes
  if (items.some((item) => item.discarded)) return 'retry'
  const answer = await post(items, options.transport, retryAfter, keepalive)
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
    return (await deliver(items.slice(0, half), options, retry, scheduleRetry, keepalive)) ===
      'retry'
      ? 'retry'
      : deliver(items.slice(half), options, retry, scheduleRetry, keepalive)
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
  if (decision.kind === 'drop' && ('error' in answer || answer.redirect || isRetryable(answer.status))) {
    const wait = backoff(1, options.policy.baseDelay, options.policy.maxDelay, options.policy.random)
    retry.notBefore = Math.max(retry.notBefore, Date.now() + wait)
    scheduleRetry(retry.notBefore - Date.now())
  }
  if (decision.kind === 'delivered') {
    retry.redirectReported = false
    options.delivered(items)
  } else options.giveUp(items, decision.reason, decision.message)
  return 'done'
}

/**
 * The oldest events waiting: `batchSize` of them while the queue is short, all of a backlog;
 * within `maxBatchBytes`.
 */
function nextBatch({ queue, batchSize, maxBatchBytes }: SenderOptions, ready: number): Item[] {
  const wanted = ready > batchSize * BACKLOG_BATCHES ? ready : batchSize
  return (
    chunk(queue.oldestReady(wanted), {
      maxItems: wanted,
      maxBytes: maxBatchBytes,
      oversize: 'alone',
      limit: 1,
    })[0] ?? []
  )
}

/** flush()'s waiters: resolved once `settled()` holds. */
function createFlushWaiters(settled: () => boolean) {
  const waiters: (() => void)[] = []
  return {
    get waiting(): boolean {
      return waiters.length > 0
    },
    wait: (): Promise<void> => new Promise<void>((resolve) => waiters.push(resolve)),
    settle(): void {
      if (!settled()) return
      for (const resolve of waiters.splice(0)) resolve()
    },
  }
}

/**
 * When a request may start: a partial batch waits `flushInterval`; a full one waits until
 * MIN_REQUEST_GAP_MS after the previous request started, unless `batchSize * IMPATIENT_BATCHES`
 * events (or half the cap) are ready.
 */
function createPacing({ batchSize, flushInterval, maxQueueSize }: SenderOptions) {
  const skipGapAt = Math.min(batchSize * IMPATIENT_BATCHES, Math.ceil(maxQueueSize / 2))
  let lastRequest = -Infinity
  return {
    requestStarted(): void {
      lastRequest = Date.now()
    },
    /**
     * How long `ready` events wait before a request starts (ms), or `undefined`: it starts now.
     * `urgent`: a timer ran out or flush() waits; `idle`: no request is on the wire.
     */
    waitBeforeRequest(
      ready: number,
      { urgent, idle, inNextTask }: { urgent: boolean; idle: boolean; inNextTask: boolean },
    ): number | undefined {
      if (!urgent && ready < batchSize) return flushInterval
      const gapLeft = ready < skipGapAt ? lastRequest + MIN_REQUEST_GAP_MS - Date.now() : 0
      if (!urgent && idle && gapLeft > 0) return gapLeft
      return inNextTask ? 0 : undefined
    },
  }
}

export function createSender(options: SenderOptions): Sender {
  const { queue, batchSize } = options
  const pacing = createPacing(options)
  let requests = 0
  const retry: RetryState = {
    attempts: 0,
    notBefore: 0,
    serverWait: 0,
    last: '',
    redirectReported: false,
  }
  const timer = earliestTimer({
    fire: () => pump({ due: true }),
    stopped: options.closed,
    notBefore: () => retry.notBefore,
  })
  const flushes = createFlushWaiters(() => queue.unsent() === 0 || options.held())

  /**
   * A full batch at once (at most one a MIN_REQUEST_GAP_MS), a partial one when `due` or
   * flush() waits. One request at a time carries all that waits; more go side by side only
   * when what waits does not fit in one.
   */
  function pump({ due = false, inNextTask = false }: PumpOptions = {}): void {
    if (options.held()) return flushes.settle()
    if (Date.now() < retry.notBefore) return timer.schedule(0)
    // while a request is in flight, its end sends what gathered meanwhile
    if (requests > 0 && !due && !flushes.waiting) return
    while (requests < MAX_REQUESTS) {
      const ready = queue.ready()
      if (ready === 0) break
      const urgent = due || flushes.waiting
      const wait = pacing.waitBeforeRequest(ready, { urgent, idle: requests === 0, inNextTask })
      if (wait !== undefined) {
        timer.schedule(wait)
        break
      }
      // what another tab adopted while this one was frozen is not this tab's to send
      options.stillOwned()
      const owned = queue.ready()
      const batch = nextBatch(options, owned)
      if (batch.length === 0) break
      if (requests > 0 && !(owned > batch.length && batch.length > batchSize)) break
      pacing.requestStarted()
      void sendBatch(batch)
    }
    flushes.settle()
  }

  async function sendBatch(batch: Item[], keepalive = false): Promise<void> {
    requests++
    queue.requestStarted(batch)
    try {
      // a failed request's events are persisted now, not WRITE_AFTER_MS after they were queued
      const outcome = await deliver(batch, options, retry, timer.schedule, keepalive)
      if (outcome === 'retry') queue.requestFailed(batch)
    } finally {
      requests--
      queue.requestEnded(batch)
    }
    if (options.closed()) options.answeredWhileClosed()
    else if (Date.now() >= retry.notBefore) pump()
    flushes.settle()
  }

  return {
    pump,
    settle: flushes.settle,
    drained() {
      const done = flushes.wait()
      // at once, unless a retry wait is running: that is a floor, flush() included
      pump({ due: true })
      return done
    },
    resume() {
      retry.attempts = 0
      retry.notBefore = retry.serverWait
      pump({ due: true })
    },
    leave() {
      if (options.held() || Date.now() < retry.notBefore) return
      options.stillOwned()
      const parts = chunk(queue.oldestReady(Infinity), {
        maxItems: Infinity,
        maxBytes: LEAVE_BYTES,
        oversize: 'skip',
      })
      for (const part of parts) void sendBatch(part, true)
    },
    waitUntil(time) {
      retry.notBefore = Math.max(retry.notBefore, time)
      retry.serverWait = Math.max(retry.serverWait, time)
    },
    stop() {
      timer.stop()
      flushes.settle()
    },
    status: () => ({
      requests,
      attempts: retry.attempts,
      notBefore: retry.notBefore,
      last: retry.last,
    }),
  }
}
