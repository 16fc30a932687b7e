import { within } from '../../core/env'
import { uuid } from '../../core/ids'
import { utf8Bytes as bytes } from '../../core/utf8'
import type { DropReason, FlushOptions, Sink, SinkContext, SinkInspection, StorageLike, TrackedEvent } from '../../core/types'
import { isHidden, startsOffline, watchPage } from './lifecycle'
import { chunk, decide, describeAnswer, retryAfter, type Answer } from './policy'
import { createStore, type Item } from './store'

export interface RetryOptions {
  /** First delay, in ms. Default 500. */
  baseDelay?: number
  /** Longest delay, in ms. Default 60 000. */
  maxDelay?: number
  /** Attempts per batch before giving up (reported). Default 10. */
  maxAttempts?: number
}

export interface HttpSinkOptions {
  /** Where batches are POSTed as `{ batch, sentAt }` (Segment's batch shape). */
  url: string
  /** Extra request headers, e.g. `{ Authorization: 'Basic ' + btoa(writeKey + ':') }`. */
  headers?: Record<string, string>
  /** Events per request while the queue is short; a backlog makes requests larger, up to `maxBatchBytes`. Default 20. */
  batchSize?: number
  /** How long an event may wait for its batch to fill, in ms. Default 5000. */
  flushInterval?: number
  /** Most events kept; the oldest are dropped (reported) past it. Default 1000. */
  maxQueueSize?: number
  /** Bytes per request. Default 500 KB. */
  maxBatchBytes?: number
  retry?: RetryOptions
  /**
   * Where unacknowledged events are kept until a 2xx: `true` (default) for localStorage
   * where there is one, `false` for memory only, or a Storage-like object.
   */
  persist?: boolean | StorageLike
  /** Prefix of the storage keys. Default `'trackplan:http'`. */
  storageKey?: string
  /** A queue whose tab sent no heartbeat for this long is adopted by another tab, in ms. Default 10 000. */
  orphanAfter?: number
  /** The page's id; tests give two sinks two ids to play two tabs. Default: random per page load. */
  tabId?: string
  /** The fetch to use: a Node agent, a proxy, a test double. Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** How long one request may take before it counts as a network error (and is retried), in ms. Default 10 000. */
  timeout?: number
  /** The sink's name in reports; a persisted queue belongs to its name and `url`. Default `'http'`. */
  name?: string
}

export interface HttpSink extends Sink {
  flush(options?: FlushOptions): Promise<void>
  inspect(): SinkInspection
  pause(paused: boolean): void
  /** Stops at once — timers, listeners, sending — leaving what is unacknowledged persisted for a later load (a page going away). */
  stop(): void
}

export interface HttpSink extends Sink {
  flush(options?: FlushOptions): Promise<void>
  inspect(): SinkInspection
  pause(paused: boolean): void
  /** Stops at once — timers, listeners, sending — leaving what is unacknowledged persisted for a later load (a page going away). */
  stop(): void
}

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
/** …unless this many batches wait (or a quarter of `maxQueueSize`): at 2,000 events/s, a request every 100 ms. */
const IMPATIENT_BATCHES = 10
/**
 * Newly queued events are written to storage together this long after the first of them (a
 * write costs the page ~0.2 ms whatever its size); a page being hidden or closed writes at once.
 */
const PERSIST_AFTER_MS = 100

const NON_ASCII = /[^\x00-\x7f]/

/** sendBeacon's budget is 64 KiB for everything a page has queued: one KiB under it. */
const BEACON_BYTES = 63 * 1024

/** A redirect: a 3xx (Node), or the opaque answer a browser gives for one with `redirect: 'manual'`. */
const isRedirect = (response: Response): boolean => response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)

// the batch body from each event's JSON, made once when it was queued
const body = (items: readonly Item[]): string => `{"batch":[${items.map((i) => i.json).join(',')}],"sentAt":"${new Date().toISOString()}"}`

function defaultStorage(): StorageLike | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/**
 * Batches events to `POST url` with at-least-once delivery: each event is persisted when
 * queued and removed only when a 2xx acknowledges it; retries with exponential backoff and
 * jitter on network errors, 408, 410, 429, 460 and 5xx (not 501/505/511), honouring
 * `Retry-After`; 413 splits the batch; other 4xx drop it (reported). A backlog is sent in
 * larger batches, up to 4 requests at a time. Persistence is append-only: one storage key
 * per burst of events, removed once acknowledged. When the page is hidden
 * or left, what is queued leaves by `sendBeacon` (else `fetch` with `keepalive`) in chunks
 * under 64 KB, and stays persisted until a later load confirms it (collectors dedupe by
 * `messageId`). Offline pauses sending; online resumes it. Each tab owns its queue; the
 * queue of a tab that went away is adopted by another. Works on Node 20 (fetch, memory).
 *
 * @example
 * httpSink({ url: 'https://collector.example.com/v1/batch', headers: { Authorization: `Basic ${btoa(writeKey + ':')}` } })
 */
export function httpSink(options: HttpSinkOptions): HttpSink {
  const { url } = options
  const batchSize = options.batchSize ?? 20
  const flushInterval = options.flushInterval ?? 5000
  const maxQueueSize = options.maxQueueSize ?? 1000
  const maxBatchBytes = options.maxBatchBytes ?? 500 * 1024
  const policy = { baseDelay: options.retry?.baseDelay ?? 500, maxDelay: options.retry?.maxDelay ?? 60_000, maxAttempts: options.retry?.maxAttempts ?? 10 }
  const orphanAfter = options.orphanAfter ?? 10_000
  const timeout = options.timeout ?? 10_000
  const send = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const name = options.name ?? 'http'

  let context: SinkContext | undefined
  /** Reports made before the tracker called `setup()` (a constructor that met broken storage). */
  const early: Error[] = []
  const report = (message: string, cause?: unknown): void => {
    // the tracker names the sink in what it reports
    const error = Object.assign(new Error(message), cause === undefined ? {} : { cause })
    if (context) context.report(error)
    else early.push(error)
  }

  const store = createStore({
    storage: options.persist === false ? undefined : typeof options.persist === 'object' ? options.persist : defaultStorage(),
    prefix: options.storageKey ?? 'trackplan:http',
    tabId: options.tabId ?? uuid(),
    url,
    sink: name,
    orphanAfter,
    failed(cause) {
      let kind: unknown = cause
      try {
        kind = (cause as Error)?.name ?? cause
      } catch {
        // a thrown value that cannot be described
      }
      report(`storage is full or refused (${String(kind)})${process.env.NODE_ENV !== 'production' ? '; unacknowledged events are now kept in memory only' : ''}`, cause)
    },
  })

  /** Every unacknowledged event, in order (those in a request and those beaconed included). */
  let queue: Item[] = []
  /** Queued but not yet persisted: appended as one segment at the end of the burst. */
  let fresh: Item[] = []
  let beaconed = 0
  /** Requests on the wire, and the events in them. */
  let requests = 0
  let inFlight = 0
  let lastRequest = -Infinity
  /** This many waiting do not wait for MIN_REQUEST_GAP_MS: the queue must never fill up while it runs. */
  const impatient = Math.min(batchSize * IMPATIENT_BATCHES, Math.ceil(maxQueueSize / 4))
  /** Failed attempts in a row, and no request before `notBefore` (a retry wait is a floor that new events never cut short). */
  let attempts = 0
  let notBefore = 0
  let redirectReported = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  let heartbeat: ReturnType<typeof setInterval> | undefined
  let offline = startsOffline()
  let paused = false
  let closed = false
  let waiters: (() => void)[] = []
  // what the Delivery tab of devtools shows (inspect())
  let delivered = 0
  let last = ''
  const dropped: Partial<Record<DropReason, number>> = {}

  const item = (event: TrackedEvent): Item => {
    const json = JSON.stringify(event)
    // ASCII (the common case) is a byte a character: the exact count only for other text
    return { event, json, size: NON_ASCII.test(json) ? bytes(json) : json.length }
  }
  const unsent = (): number => queue.length - beaconed
  const held = (): boolean => offline || paused || closed

  const giveUp = (items: Item[], reason: 'delivery' | 'size' | 'overflow', message: string): void => {
    dropped[reason] = (dropped[reason] ?? 0) + items.length
    for (const i of items) context?.dropped(i.event, reason, message)
  }

  // ---------------------------------------------------------------- queue and persistence
  const persistFresh = (): void => {
    if (fresh.length === 0) return
    const burst = fresh
    fresh = []
    store.append(burst)
  }
  const enqueue = (items: Item[]): void => {
    if (fresh.length === 0 && store.active) {
      const timer = setTimeout(persistFresh, PERSIST_AFTER_MS)
      ;(timer as { unref?: () => void }).unref?.()
    }
    for (const i of items) {
      queue.push(i)
      fresh.push(i)
    }
    if (queue.length > maxQueueSize) {
      const over = queue.length - maxQueueSize
      const oldest = queue.filter((i) => !i.sending).slice(0, over)
      forget(oldest)
      giveUp(oldest, 'overflow', `the queue is full (${maxQueueSize} events); the oldest were dropped`)
    }
  }
  /** Acknowledged or given up: out of the queue and out of storage. */
  const forget = (items: Item[]): void => {
    const gone = new Set(items)
    queue = queue.filter((i) => !gone.has(i))
    if (fresh.length > 0) fresh = fresh.filter((i) => !gone.has(i))
    store.remove(items)
  }
  const adopt = (): void => {
    const known = new Set(queue.map((i) => i.event.messageId))
    const adopted = store.adopt().filter((event) => !known.has(event.messageId))
    if (adopted.length === 0) return
    enqueue(adopted.map(item))
    schedule(0)
  }

  // ---------------------------------------------------------------- sending
  const settle = (): void => {
    if (unsent() > 0 && !held()) return
    const done = waiters
    waiters = []
    for (const resolve of done) resolve()
  }

  const schedule = (delay: number): void => {
    if (closed) return
    const at = Math.max(Date.now() + delay, notBefore)
    if (timer !== undefined && timerAt <= at) return
    clearTimeout(timer)
    timerAt = at
    timer = setTimeout(() => {
      timer = undefined
      timerAt = Infinity
      pump(true)
    }, at - Date.now())
    ;(timer as { unref?: () => void }).unref?.()
  }

  /**
   * The next batch: the oldest events waiting — `batchSize` of them while the queue is short,
   * all of them for a backlog (over BACKLOG_BATCHES batches) — within `maxBatchBytes`.
   */
  const nextBatch = (ready: number): Item[] => {
    const wanted = ready > batchSize * BACKLOG_BATCHES ? ready : batchSize
    const waiting: Item[] = []
    for (let i = 0; i < queue.length && waiting.length < wanted; i++) if (!queue[i]!.sending && !queue[i]!.beaconed) waiting.push(queue[i]!)
    return chunk(waiting, { maxItems: wanted, maxBytes: maxBatchBytes, oversize: 'alone', limit: 1 })[0] ?? []
  }

  /**
   * Starts requests: a full batch at once (at most one a MIN_REQUEST_GAP_MS), a partial one
   * when `due` (its timer ran out, or flush() waits). One request at a time carries all that
   * waits; more go side by side (up to MAX_REQUESTS) only when what waits does not fit in one.
   */
  function pump(due = false): void {
    if (held()) return settle()
    if (Date.now() < notBefore) return schedule(0)
    while (requests < MAX_REQUESTS) {
      const ready = unsent() - inFlight
      if (ready === 0) break
      const early = !due && waiters.length === 0
      if (early && ready < batchSize) {
        schedule(flushInterval)
        break
      }
      const gap = lastRequest + MIN_REQUEST_GAP_MS - Date.now()
      if (early && requests === 0 && ready < impatient && gap > 0) {
        schedule(gap)
        break
      }
      const batch = nextBatch(ready)
      if (requests > 0 && !(ready > batch.length && batch.length > batchSize)) break
      lastRequest = Date.now()
      void request(batch)
    }
    settle()
  }

  async function request(batch: Item[]): Promise<void> {
    requests++
    inFlight += batch.length
    for (const i of batch) i.sending = true
    try {
      await deliver(batch)
    } finally {
      requests--
      inFlight -= batch.length
      for (const i of batch) i.sending = false
    }
    if (!closed && Date.now() >= notBefore) pump()
    settle()
  }

  /** One POST, never followed through a redirect, aborted (a network error) after `timeout`. */
  async function post(items: Item[]): Promise<Answer> {
    const abort = typeof AbortController === 'undefined' ? undefined : new AbortController()
    const timer = setTimeout(() => abort?.abort(new Error(`no answer within ${timeout} ms`)), timeout)
    ;(timer as { unref?: () => void }).unref?.()
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: body(items),
        redirect: 'manual',
        ...(abort ? { signal: abort.signal } : {}),
      })
      try {
        void response.body?.cancel().catch(() => {})
      } catch {
        // a body already broken: nothing to release
      }
      const redirect = isRedirect(response)
      if (redirect && !redirectReported) {
        redirectReported = true
        const location = response.headers.get('location')
        const moved = `the collector moved (${response.status || 'redirect'}${location ? ` to ${location}` : ''})`
        report(process.env.NODE_ENV !== 'production' ? `${moved}: update httpSink's url. Redirects are not followed (a POST would arrive as a bodiless GET); the events stay queued and are retried.` : moved)
      }
      return { status: response.status, redirect, ...(redirect ? {} : { retryAfterMs: retryAfter(response.headers.get('retry-after')) }) }
    } catch (cause) {
      return { error: cause }
    } finally {
      clearTimeout(timer)
    }
  }

  /** Sends one batch and applies the policy's decision: acknowledged, split (413), dropped, or retried later. */
  async function deliver(items: Item[]): Promise<'done' | 'retry'> {
    const answer = await post(items)
    last = describeAnswer(answer)
    const decision = decide(answer, items.length, attempts, policy)
    if (decision.kind === 'split') {
      const half = Math.ceil(items.length / 2)
      return (await deliver(items.slice(0, half))) === 'retry' ? 'retry' : deliver(items.slice(half))
    }
    if (decision.kind === 'retry') {
      attempts = decision.attempt
      notBefore = Date.now() + decision.wait
      schedule(decision.wait)
      return 'retry'
    }
    attempts = 0
    notBefore = 0
    if (decision.kind === 'delivered') {
      redirectReported = false
      delivered += items.length
    }
    forget(items)
    if (decision.kind === 'drop') giveUp(items, decision.reason, decision.message)
    return 'done'
  }

  // ---------------------------------------------------------------- page lifecycle
  /** The page is going away: what is queued leaves by beacon, in chunks under 64 KB, and stays persisted (released). */
  const leave = (): void => {
    try {
      beaconAll()
    } catch (cause) {
      report('sending the queue as the page went away failed', cause)
    }
    // written now, synchronously: the page may not run another task
    persistFresh()
    store.beat(true)
  }
  const beaconAll = (): void => {
    // those in a request already are on the wire; if the page dies first, the next load sends them
    const ready = queue.filter((i) => !i.beaconed && !i.sending)
    for (const items of chunk(ready, { maxItems: Infinity, maxBytes: BEACON_BYTES, oversize: 'skip' })) {
      const text = body(items)
      let queued = false
      try {
        if (!options.headers && typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function') {
          // text/plain keeps a cross-origin beacon a simple request (no preflight)
          queued = navigator.sendBeacon(url, new Blob([text], { type: 'text/plain;charset=UTF-8' }))
        }
        if (!queued) {
          void send(url, { method: 'POST', keepalive: true, headers: { 'content-type': 'text/plain;charset=UTF-8', ...options.headers }, body: text }).catch(() => {})
          queued = true
        }
      } catch {
        queued = false
      }
      // an event too large for any beacon is left for the next load
      if (queued) {
        for (const i of items) i.beaconed = true
        beaconed += items.length
      }
    }
    settle()
  }

  let unwatch = (): void => {}
  const start = (): void => {
    const own = store.load()
    if (own.length > 0) enqueue(own.map(item))
    adopt()
    unwatch = watchPage({
      hidden: leave,
      // back: this page owns its queue again
      visible: () => store.beat(false),
      offline: () => void (offline = true),
      online() {
        offline = false
        attempts = 0
        notBefore = 0
        pump(true)
      },
    })
    if (store.active) {
      heartbeat = setInterval(() => {
        if (!isHidden()) store.beat(false)
        adopt()
      }, Math.max(1000, Math.floor(orphanAfter / 3)))
      ;(heartbeat as { unref?: () => void }).unref?.()
    }
    if (unsent() > 0) schedule(0)
  }

  const stop = (): void => {
    closed = true
    clearTimeout(timer)
    clearInterval(heartbeat)
    unwatch()
    settle()
  }

  const sink: HttpSink = {
    name,
    stop,
    setup(ctx) {
      context = ctx
      for (const error of early.splice(0)) ctx.report(error)
    },
    send(event) {
      if (closed) return
      enqueue([item(event)])
      // a page already hidden (an event fired from a pagehide listener) leaves at once
      if (isHidden()) leave()
      // while a request is in flight, its end sends what gathered meanwhile
      else if (requests === 0 && unsent() - inFlight >= batchSize) pump()
      else schedule(flushInterval)
    },
    discard() {
      queue = []
      fresh = []
      beaconed = 0
      attempts = 0
      store.clear()
      settle()
    },
    flush(flushOptions) {
      if (unsent() === 0 || held()) return Promise.resolve()
      const done = new Promise<void>((resolve) => waiters.push(resolve))
      // at once, unless a retry wait is running: that is a floor, flush() included
      pump(true)
      return within(done, flushOptions?.timeout)
    },
    inspect: () => ({
      queued: queue.length,
      inFlight,
      persisted: store.active ? queue.length - fresh.length : 0,
      delivered,
      dropped: { ...dropped },
      ...(attempts > 0 ? { retry: { attempt: attempts, nextAt: notBefore, last } } : {}),
      paused: paused || offline,
    }),
    pause(next) {
      paused = next
      if (!paused) pump(true)
      settle()
    },
    async close(closeOptions) {
      await sink.flush(closeOptions)
      stop()
      if (store.active) {
        persistFresh()
        store.beat(false)
      } else if (queue.length > 0) {
        // nothing keeps them for a later run: they are lost, so say so
        const lost = queue
        queue = []
        giveUp(lost, 'delivery', `close() gave up on it before the collector acknowledged it (nothing persists this sink's queue)`)
      }
    },
  }
  try {
    start()
  } catch (cause) {
    report('could not start', cause)
  }
  return sink
}
