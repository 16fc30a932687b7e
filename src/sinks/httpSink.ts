import { hasWindow, within } from '../core/env'
import { uuid } from '../core/ids'
import { utf8Bytes as bytes } from '../core/utf8'
import { chunk, decide, describeAnswer, retryAfter, type Answer } from './http/policy'
import type { DropReason, Sink, SinkContext, SinkInspection, StorageLike, TrackedEvent } from '../core/types'

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
  /** Events per request. Default 20. */
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
  inspect(): SinkInspection
  pause(paused: boolean): void
  /** Stops at once — timers, listeners, sending — leaving what is unacknowledged persisted for a later load (a page going away). */
  stop(): void
}

interface Item {
  event: TrackedEvent
  /** The event's JSON and its UTF-8 size, worked out once: persistence and batches reuse them. */
  json: string
  size: number
  /** Sent by beacon as the page went away: not re-sent by this page, kept for the next load. */
  beaconed?: boolean
}

interface StoredQueue {
  beat: number
  released?: boolean
  /** The endpoint and sink the queue belongs to: never delivered anywhere else. */
  url?: string
  sink?: string
  events: TrackedEvent[]
}

type StorageWithKeys = StorageLike & { readonly length: number; key(index: number): string | null }

/** A redirect: a 3xx (Node), or the opaque answer a browser gives for one with `redirect: 'manual'`. */
const isRedirect = (response: Response): boolean => response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)

/** sendBeacon's budget is 64 KiB for everything a page has queued: one KiB under it. */
const BEACON_BYTES = 63 * 1024

const isHidden = (): boolean => hasWindow() && document.visibilityState === 'hidden'

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
 * `Retry-After`; 413 splits the batch; other 4xx drop it (reported). When the page is hidden
 * or left, what is queued leaves by `sendBeacon` (else `fetch` with `keepalive`) in chunks
 * under 64 KB, and stays persisted until a later load confirms it (collectors dedupe by
 * `messageId`). Offline pauses sending; online resumes it. Each tab owns its queue; the
 * queue of a tab that went away is adopted by another. Works on Node 20 (fetch, memory).
 *
 * @example
 * httpSink({ url: 'https://collector.example.com/v1/batch', headers: { Authorization: `Basic ${btoa(writeKey + ':')}` } })
 */
export function httpSink(options: HttpSinkOptions): HttpSink {
  const batchSize = options.batchSize ?? 20
  const flushInterval = options.flushInterval ?? 5000
  const maxQueueSize = options.maxQueueSize ?? 1000
  const maxBatchBytes = options.maxBatchBytes ?? 500 * 1024
  const baseDelay = options.retry?.baseDelay ?? 500
  const maxDelay = options.retry?.maxDelay ?? 60_000
  const maxAttempts = options.retry?.maxAttempts ?? 10
  const orphanAfter = options.orphanAfter ?? 10_000
  const timeout = options.timeout ?? 10_000
  const send = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const prefix = options.storageKey ?? 'trackplan:http'
  const tabId = options.tabId ?? uuid()
  const ownKey = `${prefix}:${tabId}`
  const name = options.name ?? 'http'
  /** Whose queue a persisted record is: its endpoint and sink. */
  const owner = `"url":${JSON.stringify(options.url)},"sink":${JSON.stringify(name)}`

  let context: SinkContext | undefined
  /** Reports made before the tracker called `setup()` (a constructor that met broken storage). */
  const early: Error[] = []
  let storage: StorageLike | undefined =
    options.persist === false ? undefined : typeof options.persist === 'object' ? options.persist : defaultStorage()
  /** No request before this time (ms since epoch): a retry wait is a floor that new events never cut short. */
  let notBefore = 0
  let redirectReported = false
  let queue: Item[] = []
  let attempts = 0
  let sending = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  let heartbeat: ReturnType<typeof setInterval> | undefined
  let persistScheduled = false
  let offline = hasWindow() && typeof navigator !== 'undefined' && navigator.onLine === false
  let closed = false
  let waiters: (() => void)[] = []
  // what the Delivery tab of devtools shows (inspect()); a pause holds deliveries as offline does
  let paused = false
  let inFlight = 0
  let delivered = 0
  let last = ''
  const dropped: Partial<Record<DropReason, number>> = {}

  const report = (message: string, cause?: unknown): void => {
    const error = Object.assign(new Error(message), cause === undefined ? {} : { cause })
    if (context) context.report(error)
    else early.push(error)
  }

  /** Storage failed (full, refused, broken): keep going in memory, say so once. */
  const toMemory = (cause: unknown): void => {
    if (!storage) return
    storage = undefined
    let kind: unknown = cause
    try {
      kind = (cause as Error)?.name ?? cause
    } catch {
      // a thrown value that cannot be described
    }
    report(`sink "${name}": storage is full or refused (${String(kind)}); unacknowledged events are now kept in memory only`, cause)
  }

  const giveUp = (items: Item[], reason: 'delivery' | 'size' | 'overflow', message: string): void => {
    dropped[reason] = (dropped[reason] ?? 0) + items.length
    for (const item of items) context?.dropped(item.event, reason, message)
  }

  const item = (event: TrackedEvent): Item => {
    const json = JSON.stringify(event)
    return { event, json, size: bytes(json) }
  }

  // ---------------------------------------------------------------- persistence
  const write = (): void => {
    persistScheduled = false
    if (!storage) return
    try {
      if (queue.length === 0) storage.removeItem(ownKey)
      // a hidden page may never run again: its queue is released for the next load to take
      else storage.setItem(ownKey, `{"beat":${Date.now()},${isHidden() ? '"released":true,' : ''}${owner},"events":[${queue.map((i) => i.json).join(',')}]}`)
    } catch (cause) {
      // QuotaExceededError and friends
      toMemory(cause)
    }
  }
  const persistSoon = (): void => {
    if (!storage || persistScheduled || closed) return
    persistScheduled = true
    queueMicrotask(write)
  }

  const readRecord = (key: string): StoredQueue | undefined => {
    try {
      const raw = storage?.getItem(key)
      const record = raw ? (JSON.parse(raw) as StoredQueue) : undefined
      return record && Array.isArray(record.events) ? record : undefined
    } catch {
      return undefined
    }
  }

  /** Takes over the queues of tabs that are gone: released on pagehide, or silent for `orphanAfter`. */
  const adoptOrphans = (): void => {
    try {
      claimOrphans()
    } catch (cause) {
      toMemory(cause)
    }
  }
  /** Only this sink's own queues (same `url` and `name`): another endpoint's events never go here. */
  const claimOrphans = (): void => {
    const keyed = storage as StorageWithKeys | undefined
    if (!keyed || typeof keyed.key !== 'function' || typeof keyed.length !== 'number') return
    const keys: string[] = []
    for (let i = 0; i < keyed.length; i++) {
      const key = keyed.key(i)
      if (key && key !== ownKey && key.startsWith(`${prefix}:`) && !key.startsWith(`${prefix}:claim:`)) keys.push(key)
    }
    const now = Date.now()
    let adopted = 0
    for (const key of keys) {
      const record = readRecord(key)
      if (!record || record.url !== options.url || record.sink !== name) continue
      if (!record.released && now - record.beat < orphanAfter) continue
      // claim it, then check the claim held: two tabs adopting at once must not both take it
      const claim = `${prefix}:claim:${key}`
      keyed.setItem(claim, tabId)
      if (keyed.getItem(claim) !== tabId) continue
      const known = new Set(queue.map((i) => i.event.messageId))
      for (const event of record.events) if (!known.has(event.messageId)) queue.push(item(event))
      adopted += record.events.length
      keyed.removeItem(key)
      keyed.removeItem(claim)
    }
    if (adopted > 0) {
      trim()
      persistSoon()
      schedule(0)
    }
  }

  // ---------------------------------------------------------------- queue
  const trim = (): void => {
    if (queue.length <= maxQueueSize) return
    const dropped = queue.splice(0, queue.length - maxQueueSize)
    giveUp(dropped, 'overflow', `the queue is full (${maxQueueSize} events); the oldest were dropped`)
  }

  const pending = (): Item[] => queue.filter((i) => !i.beaconed)

  const settle = (): void => {
    if (pending().length === 0 || offline || paused || closed) {
      const done = waiters
      waiters = []
      for (const resolve of done) resolve()
    }
  }

  const schedule = (delay: number): void => {
    if (closed) return
    const at = Math.max(Date.now() + delay, notBefore)
    delay = at - Date.now()
    if (timer !== undefined && timerAt <= at) return
    clearTimeout(timer)
    timerAt = at
    timer = setTimeout(() => {
      timer = undefined
      timerAt = Infinity
      void sendNext()
    }, delay)
    ;(timer as { unref?: () => void }).unref?.()
  }

  // the batch body from each event's JSON, made once when it was queued
  const body = (items: Item[]): string => `{"batch":[${items.map((i) => i.json).join(',')}],"sentAt":"${new Date().toISOString()}"}`

  /** The next batch: up to `batchSize` events and `maxBatchBytes`. */
  const nextBatch = (): Item[] => chunk(pending(), { maxItems: batchSize, maxBytes: maxBatchBytes, oversize: 'alone', limit: 1 })[0] ?? []

  const acknowledge = (items: Item[]): void => {
    const sent = new Set(items)
    queue = queue.filter((i) => !sent.has(i))
    if (!closed) persistSoon()
  }

  /** One POST, never followed through a redirect, aborted (a network error) after `timeout`. */
  async function post(items: Item[]): Promise<Response> {
    const abort = typeof AbortController === 'undefined' ? undefined : new AbortController()
    const timer = setTimeout(() => abort?.abort(new Error(`no answer within ${timeout} ms`)), timeout)
    ;(timer as { unref?: () => void }).unref?.()
    try {
      return await send(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: body(items),
        redirect: 'manual',
        ...(abort ? { signal: abort.signal } : {}),
      })
    } finally {
      clearTimeout(timer)
    }
  }

  /** Sends one batch of `items`, splitting on 413. Resolves `done` when every item was settled. */
  async function deliver(items: Item[]): Promise<'done' | 'retry'> {
    let answer: Answer
    try {
      const response = await post(items)
      try {
        void response.body?.cancel().catch(() => {})
      } catch {
        // a body already broken: nothing to release
      }
      const redirect = isRedirect(response)
      answer = { status: response.status, redirect, ...(redirect ? {} : { retryAfterMs: retryAfter(response.headers.get('retry-after')) }) }
      if (redirect && !redirectReported) {
        redirectReported = true
        const location = response.headers.get('location')
        report(`sink "${name}": the collector moved (${response.status || 'redirect'}${location ? ` to ${location}` : ''}): update httpSink's url. Redirects are not followed (a POST would arrive as a bodiless GET); the events stay queued and are retried.`)
      }
    } catch (cause) {
      answer = { error: cause }
    }
    last = describeAnswer(answer)
    const decision = decide(answer, items.length, attempts, { baseDelay, maxDelay, maxAttempts })
    switch (decision.kind) {
      case 'delivered':
        attempts = 0
        notBefore = 0
        redirectReported = false
        delivered += items.length
        acknowledge(items)
        return 'done'
      case 'split': {
        const half = Math.ceil(items.length / 2)
        if ((await deliver(items.slice(0, half))) === 'retry') return 'retry'
        return deliver(items.slice(half))
      }
      case 'drop':
        attempts = 0
        acknowledge(items)
        giveUp(items, decision.reason, decision.message)
        return 'done'
      case 'retry':
        attempts = decision.attempt
        notBefore = Date.now() + decision.wait
        schedule(decision.wait)
        return 'retry'
    }
  }

  async function sendNext(): Promise<void> {
    if (sending || offline || paused || closed) {
      settle()
      return
    }
    const batch = nextBatch()
    if (batch.length === 0) {
      settle()
      return
    }
    sending = true
    inFlight = batch.length
    let outcome: 'done' | 'retry'
    try {
      outcome = await deliver(batch)
    } finally {
      sending = false
      inFlight = 0
    }
    if (outcome === 'done' && pending().length > 0) {
      // a full batch goes at once; a partial one may go too when someone waits on flush()
      if (pending().length >= batchSize || waiters.length > 0) void sendNext()
      else schedule(flushInterval)
    }
    settle()
  }

  // ---------------------------------------------------------------- page lifecycle
  /** The page is going away: what is queued leaves by beacon, in chunks under 64 KB, and stays persisted. */
  const leave = (): void => {
    try {
      beaconAll()
    } catch (cause) {
      report(`sink "${name}": sending the queue as the page went away failed`, cause)
    }
    // written now, synchronously: the page may not run another task
    write()
  }
  const beaconAll = (): void => {
    for (const items of chunk(pending(), { maxItems: Infinity, maxBytes: BEACON_BYTES, oversize: 'skip' })) {
      const text = body(items)
      let queued = false
      try {
        if (!options.headers && typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function') {
          // text/plain keeps a cross-origin beacon a simple request (no preflight)
          queued = navigator.sendBeacon(options.url, new Blob([text], { type: 'text/plain;charset=UTF-8' }))
        }
        if (!queued) {
          void send(options.url, { method: 'POST', keepalive: true, headers: { 'content-type': 'text/plain;charset=UTF-8', ...options.headers }, body: text }).catch(() => {})
          queued = true
        }
      } catch {
        queued = false
      }
      // an event too large for any beacon is left for the next load
      if (queued) for (const item of items) item.beaconed = true
    }
  }
  const onVisibility = (): void => {
    if (document.visibilityState === 'hidden') leave()
    else {
      // back: this page owns its queue again
      persistSoon()
    }
  }
  const onOffline = (): void => {
    offline = true
  }
  const onOnline = (): void => {
    offline = false
    attempts = 0
    notBefore = 0
    clearTimeout(timer)
    timer = undefined
    timerAt = Infinity
    void sendNext()
  }

  const listen = (on: boolean): void => {
    if (!hasWindow()) return
    const method = on ? 'addEventListener' : 'removeEventListener'
    window[method]('pagehide', leave)
    window[method]('offline', onOffline)
    window[method]('online', onOnline)
    document[method]('visibilitychange', onVisibility)
  }

  // ---------------------------------------------------------------- start
  const start = (): void => {
    const own = readRecord(ownKey)
    if (own) queue.push(...own.events.map(item))
    adoptOrphans()
    listen(true)
    if (storage) {
      // neither step throws: writes and adoption fall back to memory on a storage failure
      heartbeat = setInterval(() => {
        if (queue.length > 0) persistSoon()
        adoptOrphans()
      }, Math.max(1000, Math.floor(orphanAfter / 3)))
      ;(heartbeat as { unref?: () => void }).unref?.()
    }
    if (pending().length > 0) schedule(0)
  }

  const stop = (): void => {
    closed = true
    clearTimeout(timer)
    clearInterval(heartbeat)
    listen(false)
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
      queue.push(item(event))
      trim()
      persistSoon()
      // a page already hidden (an event fired from a pagehide listener) leaves at once
      if (isHidden()) leave()
      else if (pending().length >= batchSize) schedule(0)
      else schedule(flushInterval)
    },
    discard() {
      queue = []
      attempts = 0
      write()
    },
    flush(flushOptions) {
      if (pending().length === 0 || offline || paused) return Promise.resolve()
      const done = new Promise<void>((resolve) => waiters.push(resolve))
      // at once, unless a retry wait is running: that is a floor, flush() included
      if (!sending) schedule(0)
      return within(done, flushOptions?.timeout)
    },
    inspect: () => ({
      queued: queue.length,
      inFlight,
      persisted: storage ? queue.length : 0,
      delivered,
      dropped: { ...dropped },
      ...(attempts > 0 ? { retry: { attempt: attempts, nextAt: notBefore, last } } : {}),
      paused: paused || offline,
    }),
    pause(next) {
      paused = next
      if (!paused && pending().length > 0) schedule(0)
      settle()
    },
    async close(closeOptions) {
      await sink.flush?.(closeOptions)
      stop()
      if (storage) write()
      else if (queue.length > 0) {
        // nothing keeps them for a later run: they are lost, so say so
        giveUp(queue.splice(0), 'delivery', `close() gave up on it before the collector acknowledged it (nothing persists this sink's queue)`)
      }
    },
  }
  try {
    start()
  } catch (cause) {
    // storage that throws where nothing was expected to: memory, and carry on
    toMemory(cause)
    listen(true)
  }
  return sink
}
