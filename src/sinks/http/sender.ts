import {
  backOnline,
  deliver,
  holdUntil,
  newRetryState,
  retryStatus,
  type DeliverOptions,
} from './deliver'
import type { Item } from './item'
import { bodyBytes, firstChunk } from './policy'
import type { Queue } from './queue'
import { earliestTimer } from './timer'
import { createRequestLedger } from './transport'

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

export interface SenderOptions extends DeliverOptions {
  queue: Queue
  batchSize: number
  flushInterval: number
  maxBatchBytes: number
  maxQueueSize: number
  /** Offline, paused or closed: nothing is sent, and flush() does not wait. */
  held(): boolean
  /** Stopped for good: no timer is set any more. */
  closed(): boolean
  /** A request ended after the sink was closed. */
  answeredWhileClosed(): void
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
  /**
   * Starts what may start now: a full batch at once (at most one a MIN_REQUEST_GAP_MS), a
   * partial one when `due` or flush() waits. One request at a time carries all that waits; more
   * go side by side only when what waits does not fit in one.
   */
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
  /**
   * close() ran out of time: requests on the wire are cancelled (not those that outlive the
   * page); resolves once their failures are settled.
   */
  cancel(): Promise<void>
  status(): SenderStatus
}

/**
 * The oldest events waiting: `batchSize` of them while the queue is short, all of a backlog;
 * within `maxBatchBytes`.
 */
function nextBatch({ queue, batchSize, maxBatchBytes }: SenderOptions, ready: number): Item[] {
  const wanted = ready > batchSize * BACKLOG_BATCHES ? ready : batchSize
  return firstChunk(queue.oldestReady(wanted), {
    maxItems: wanted,
    maxBytes: maxBatchBytes,
    oversize: 'alone',
  })
}

/**
 * The next request's batch, or none: what another tab adopted while this one was frozen is not
 * this tab's to send; a request goes beside another only when what waits does not fit in one.
 */
function batchToStart(options: SenderOptions, requests: number): Item[] | undefined {
  options.stillOwned()
  const ready = options.queue.ready()
  const batch = nextBatch(options, ready)
  if (batch.length === 0) return undefined
  if (requests > 0 && !(ready > batch.length && batch.length > options.batchSize)) return undefined
  return batch
}

/** flush()'s waiters: resolved once `settled()` holds. */
function createFlushWaiters(settled: () => boolean) {
  const waiters: (() => void)[] = []
  return {
    get waiting(): boolean {
      return waiters.length > 0
    },
    /** A promise resolved once `settled()` holds, after `then` ran. */
    wait(then: () => void): Promise<void> {
      const done = new Promise<void>((resolve) => waiters.push(resolve))
      then()
      return done
    },
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

/**
 * The oldest of what waits, within `budget` bytes of body: one keepalive request as the page
 * leaves (an event too large for it waits for an ordinary request).
 */
const leavingBatch = (queue: Queue, budget: number): Item[] =>
  firstChunk(queue.oldestReady(Infinity), {
    maxItems: Infinity,
    maxBytes: budget,
    oversize: 'skip',
  })

export function createSender(options: SenderOptions): Sender {
  const { queue } = options
  const pacing = createPacing(options)
  const ledger = createRequestLedger()
  const retry = newRetryState()
  const notBefore = (): number => retry.notBefore
  const timer = earliestTimer({
    fire: () => pump({ due: true }),
    stopped: options.closed,
    notBefore,
  })
  const flushes = createFlushWaiters(() => queue.unsent() === 0 || options.held())

  function pump({ due = false, inNextTask = false }: PumpOptions = {}): void {
    if (options.held()) return flushes.settle()
    if (Date.now() < retry.notBefore) return timer.schedule(0)
    // while a request is in flight, its end sends what gathered meanwhile
    if (ledger.requests > 0 && !due && !flushes.waiting) return
    while (ledger.requests < MAX_REQUESTS) {
      const ready = queue.ready()
      if (ready === 0) break
      const urgent = due || flushes.waiting
      const wait = pacing.waitBeforeRequest(ready, {
        urgent,
        idle: ledger.requests === 0,
        inNextTask,
      })
      if (wait !== undefined) {
        timer.schedule(wait)
        break
      }
      const batch = batchToStart(options, ledger.requests)
      if (!batch) break
      pacing.requestStarted()
      void sendBatch(batch)
    }
    flushes.settle()
  }

  async function sendBatch(batch: Item[], keepalive = false): Promise<void> {
    const bytes = keepalive ? bodyBytes(batch) : undefined
    const cancel = ledger.opened(bytes)
    queue.requestStarted(batch)
    try {
      // a failed request's events are persisted now, not WRITE_AFTER_MS after they were queued
      const failed = await deliver(batch, options, retry, timer.schedule, { keepalive, cancel })
      if (failed.length > 0) queue.requestFailed(failed)
    } finally {
      ledger.closed(bytes)
      queue.requestEnded(batch)
    }
    if (options.closed()) options.answeredWhileClosed()
    else if (Date.now() >= retry.notBefore) pump()
    flushes.settle()
  }

  return {
    pump,
    settle: flushes.settle,
    // at once, unless a retry wait is running: that is a floor, flush() included
    drained: () => flushes.wait(() => pump({ due: true })),
    resume() {
      backOnline(retry)
      pump({ due: true })
    },
    leave() {
      if (options.held() || Date.now() < retry.notBefore) return
      options.stillOwned()
      const batch = leavingBatch(queue, ledger.keepaliveLeft)
      if (batch.length > 0) void sendBatch(batch, true)
    },
    waitUntil: (time) => holdUntil(retry, time),
    stop() {
      timer.stop()
      flushes.settle()
    },
    cancel: ledger.cancel,
    status: () => ({ requests: ledger.requests, ...retryStatus(retry) }),
  }
}
