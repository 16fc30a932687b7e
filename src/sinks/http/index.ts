import { within } from '../../core/env'
import { uuid } from '../../core/ids'
import type {
  DropReason,
  FlushOptions,
  Sink,
  SinkContext,
  SinkInspection,
  StorageLike,
} from '../../core/types'
import { isHidden, startsOffline, watchPage } from './lifecycle'
import { canSendOffThread, offThreadFetch } from './offThread'
import { createQueue, toItem, type Queue } from './queue'
import { createSender, type Sender } from './sender'
import { createStore, type Item, type Store } from './store'
import { beacon, type Transport } from './transport'

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
   * Where unacknowledged events are kept until a 2xx, so that a reload or another tab sends
   * them: `true` (default) for localStorage where there is one, `false` for memory only, or a
   * Storage-like object. Written once an event waits 2 s unacknowledged, its request failed,
   * or the page is hidden or left.
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
  /**
   * Send batches from a Web Worker, off the page's main thread (each `fetch` costs it
   * milliseconds in Chromium). Default `true` in browsers; ignored with `fetch`. Where a
   * Content-Security-Policy forbids `blob:` workers, batches go from the page as before.
   * Beacons, as the page leaves, always go from the page.
   */
  worker?: boolean
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

function defaultStorage(): StorageLike | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/** What a thrown value is called, for a report (`QuotaExceededError`). */
const kindOf = (cause: unknown): string => {
  try {
    return String((cause as Error)?.name ?? cause)
  } catch {
    return 'an error'
  }
}

/**
 * Batches events to `POST url` with at-least-once delivery: each event is persisted when
 * queued and removed only when a 2xx acknowledges it; retries with exponential backoff and
 * jitter on network errors, 408, 410, 429, 460 and 5xx (not 501/505/511), honouring
 * `Retry-After`; 413 splits the batch; other 4xx drop it (reported). A backlog is sent in
 * larger batches, up to 4 requests at a time. Persistence is append-only: an event not
 * acknowledged 2 s after it was queued (one whose request failed, at once) is written, writes
 * at least a second apart, as new storage keys removed once acknowledged; everything
 * unacknowledged is written at once when the page is hidden, left or the sink closed. What a
 * healthy collector acknowledges in time never touches storage. When the page is hidden
 * or left, what is queued leaves by `sendBeacon` (else `fetch` with `keepalive`) in chunks
 * under 64 KB, and stays persisted until a later load confirms it (collectors dedupe by
 * `messageId`). Offline pauses sending; online resumes it. Each tab owns its queue; the
 * queue of a tab that went away is adopted by another. Works on Node 20 (fetch, memory).
 *
 * @example
 * httpSink({ url: 'https://collector.example.com/v1/batch', headers: { Authorization: `Basic ${btoa(writeKey + ':')}` } })
 */
export function httpSink(options: HttpSinkOptions): HttpSink {
  const name = options.name ?? 'http'
  const maxQueueSize = options.maxQueueSize ?? 1000
  const pageFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init))
  const offThread = !options.fetch && options.worker !== false && canSendOffThread()
  const transport: Transport = {
    url: options.url,
    headers: options.headers,
    fetch: pageFetch,
    request: offThread ? offThreadFetch : pageFetch,
    timeout: options.timeout ?? 10_000,
  }
  const said = createOutcomes()
  const orphanAfter = options.orphanAfter ?? 10_000
  const store = openStore(options, name, orphanAfter, said.report)
  const queue = createQueue(store, maxQueueSize, (oldest) =>
    said.giveUp(
      oldest,
      'overflow',
      `the queue is full (${maxQueueSize} events); the oldest were dropped`,
    ),
  )
  const state: SinkState = {
    offline: startsOffline(),
    hidden: isHidden(),
    paused: false,
    closed: false,
  }
  const batchSize = options.batchSize ?? 20
  const sender: Sender = createSender({
    queue,
    transport,
    policy: {
      baseDelay: options.retry?.baseDelay ?? 500,
      maxDelay: options.retry?.maxDelay ?? 60_000,
      maxAttempts: options.retry?.maxAttempts ?? 10,
    },
    batchSize,
    flushInterval: options.flushInterval ?? 5000,
    maxBatchBytes: options.maxBatchBytes ?? 500 * 1024,
    maxQueueSize,
    held: () => state.offline || state.paused || state.closed,
    closed: () => state.closed,
    report: said.report,
    delivered(items) {
      said.delivered += items.length
      queue.forget(items)
    },
    giveUp(items, reason, message) {
      queue.forget(items)
      said.giveUp(items, reason, message)
    },
  })
  const page = followPage({
    store,
    queue,
    sender,
    transport,
    report: said.report,
    state,
    orphanAfter,
  })

  const stop = (): void => {
    state.closed = true
    page.stop()
    sender.stop()
    queue.stop()
  }
  const sink: HttpSink = {
    name,
    stop,
    setup: said.attach,
    send(event) {
      if (state.closed) return
      // made JSON and queued when a request or a write needs it (for many events at once, off the click)
      const waiting = queue.take(event)
      // a page already hidden (an event fired from a pagehide listener) leaves at once
      if (state.hidden) page.leave()
      // the first sets the timer for its batch; each full batch may start a request, in the next task
      else if (waiting === 1 || waiting % batchSize === 0) sender.pump(false, true)
    },
    discard() {
      queue.clear()
      sender.settle()
    },
    flush: (flushOptions) =>
      queue.unsent() === 0 || state.offline || state.paused
        ? Promise.resolve()
        : within(sender.drained(), flushOptions?.timeout),
    inspect: () => inspection(queue, store, sender, said, state),
    pause(next) {
      state.paused = next
      if (!next) sender.pump(true)
      sender.settle()
    },
    async close(closeOptions) {
      await sink.flush(closeOptions)
      stop()
      if (store.active) {
        queue.persist()
        store.beat(false)
      } else if (queue.items.length > 0) {
        // nothing keeps them for a later run: they are lost, so say so
        const lost = [...queue.items]
        queue.clear()
        said.giveUp(
          lost,
          'delivery',
          `close() gave up on it before the collector acknowledged it (nothing persists this sink's queue)`,
        )
      }
    },
  }
  start(store, queue, sender, said.report)
  return sink
}

/** Sending is held while offline or paused, and for good once closed. */
interface SinkState {
  offline: boolean
  /** As the page's lifecycle events last said: read on every event, where a DOM read would cost more. */
  hidden: boolean
  paused: boolean
  closed: boolean
}

/** What the sink tells the tracker: reports (kept until `setup()`), drops, and the counts devtools show (`inspect()`). */
function createOutcomes() {
  let context: SinkContext | undefined
  /** Reports made before the tracker called `setup()` (a constructor that met broken storage). */
  const early: Error[] = []
  const outcomes = {
    delivered: 0,
    dropped: {} as Partial<Record<DropReason, number>>,
    attach(ctx: SinkContext): void {
      context = ctx
      for (const error of early.splice(0)) ctx.report(error)
    },
    report(message: string, cause?: unknown): void {
      // the tracker names the sink in what it reports
      const error = Object.assign(new Error(message), cause === undefined ? {} : { cause })
      if (context) context.report(error)
      else early.push(error)
    },
    giveUp(items: Item[], reason: 'delivery' | 'size' | 'overflow', message: string): void {
      outcomes.dropped[reason] = (outcomes.dropped[reason] ?? 0) + items.length
      for (const i of items) context?.dropped(i.event, reason, message)
    },
  }
  return outcomes
}

function openStore(
  options: HttpSinkOptions,
  sink: string,
  orphanAfter: number,
  report: (message: string, cause?: unknown) => void,
): Store {
  return createStore({
    storage:
      options.persist === false
        ? undefined
        : typeof options.persist === 'object'
          ? options.persist
          : defaultStorage(),
    prefix: options.storageKey ?? 'trackplan:http',
    tabId: options.tabId ?? uuid(),
    url: options.url,
    sink,
    orphanAfter,
    failed: (cause) =>
      report(
        `storage is full or refused (${kindOf(cause)})${process.env.NODE_ENV !== 'production' ? '; unacknowledged events are now kept in memory only' : ''}`,
        cause,
      ),
  })
}

interface PageParts {
  store: Store
  queue: Queue
  sender: Sender
  transport: Transport
  state: SinkState
  orphanAfter: number
  report(message: string, cause?: unknown): void
}

/**
 * The sink's part in the page's life: hidden, what waits leaves by beacon and stays
 * persisted (released) for the next load; visible again, the queue is this page's again;
 * offline and online; a heartbeat that keeps the queue this tab's and adopts dead tabs'.
 */
function followPage({ store, queue, sender, transport, state, orphanAfter, report }: PageParts): {
  leave(): void
  stop(): void
} {
  const leave = (): void => {
    try {
      queue.beaconed(beacon(queue.oldest(Infinity), transport))
    } catch (cause) {
      report('sending the queue as the page went away failed', cause)
    }
    sender.settle()
    // written now, synchronously: the page may not run another task
    queue.persist()
    store.beat(true)
  }
  const unwatch = watchPage({
    hidden() {
      state.hidden = true
      leave()
    },
    visible() {
      state.hidden = false
      store.beat(false)
    },
    offline: () => void (state.offline = true),
    online() {
      state.offline = false
      sender.resume()
    },
  })
  const heartbeat = store.active
    ? setInterval(
        () => {
          if (!state.hidden) store.beat(false)
          if (queue.adopt() > 0) sender.pump(true)
        },
        Math.max(1000, Math.floor(orphanAfter / 3)),
      )
    : undefined
  ;(heartbeat as { unref?: () => void } | undefined)?.unref?.()
  return {
    leave,
    stop() {
      clearInterval(heartbeat)
      unwatch()
    },
  }
}

function inspection(
  queue: Queue,
  store: Store,
  sender: Sender,
  said: ReturnType<typeof createOutcomes>,
  state: SinkState,
): SinkInspection {
  const { attempts, notBefore, last } = sender.state()
  return {
    queued: queue.items.length,
    inFlight: queue.unsent() - queue.ready(),
    persisted: store.active ? queue.items.length - queue.unpersisted() : 0,
    delivered: said.delivered,
    dropped: { ...said.dropped },
    ...(attempts > 0 ? { retry: { attempt: attempts, nextAt: notBefore, last } } : {}),
    paused: state.paused || state.offline,
  }
}

/** This tab's own persisted queue from a previous load, and dead tabs' queues, are sent first. */
function start(
  store: Store,
  queue: Queue,
  sender: Sender,
  report: (message: string, cause?: unknown) => void,
): void {
  try {
    const own = store.load()
    if (own.length > 0) queue.add(own.map(toItem))
    queue.adopt()
    // after the tracker's setup(): what this load sends may be dropped, and that is reported
    if (queue.unsent() > 0) setTimeout(() => sender.pump(true), 0)
  } catch (cause) {
    report('could not start', cause)
  }
}
