import { uuid } from '../../core/ids'
import type { StorageOption } from '../../core/storage'
import type { StorageLike } from '../../core/types'
import type { RetryPolicy } from './policy'

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
  /**
   * Events per request while the queue is short; a backlog makes requests larger, up to
   * `maxBatchBytes`. Default 20.
   */
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
  /**
   * A queue whose tab sent no heartbeat for this long is adopted by another tab, in ms.
   * Default 10 000.
   */
  orphanAfter?: number
  /**
   * The page's id (sinks with other `name`s keep apart under it); tests give two sinks two ids
   * to play two tabs. Default: random per sink and page load.
   */
  tabId?: string
  /** The fetch to use: a Node agent, a proxy, a test double. Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /**
   * Send batches from a Web Worker, off the page's main thread (in Chromium a `fetch` costs the
   * main thread far more than handing its body to a worker). Default `true` in browsers;
   * ignored with `fetch`. Where a Content-Security-Policy forbids `blob:` workers, batches go
   * from the page as before. Beacons, as the page leaves, always go from the page.
   */
  worker?: boolean
  /**
   * How long one request may take before it counts as a network error (and is retried), in
   * ms. Default 10 000.
   */
  timeout?: number
  /**
   * The sink's name in reports; a persisted queue belongs to its name and `url`. Default
   * `'http'`.
   */
  name?: string
}

/** httpSink's options with every default filled in. */
export interface HttpSinkSettings {
  name: string
  url: string
  batchSize: number
  flushInterval: number
  maxQueueSize: number
  maxBatchBytes: number
  /** `retry`, filled in. */
  policy: RetryPolicy
  timeout: number
  /** Where the queue persists (`persist` as the storage resolver reads it). */
  storage: StorageOption
  storageKey: string
  orphanAfter: number
  tabId: string
}

const storageOption = (persist: HttpSinkOptions['persist']): StorageOption =>
  persist === false ? 'memory' : typeof persist === 'object' && persist ? persist : 'localStorage'

/** A number option: the value where it is one (at least `least`), else the default. */
const number = (value: number | undefined, fallback: number, least = 0): number =>
  typeof value === 'number' && value >= least && value !== Infinity ? value : fallback

export function settingsOf(options: HttpSinkOptions): HttpSinkSettings {
  return {
    name: options.name ?? 'http',
    url: options.url,
    batchSize: number(options.batchSize, 20, 1),
    flushInterval: number(options.flushInterval, 5000),
    maxQueueSize: number(options.maxQueueSize, 1000, 1),
    maxBatchBytes: number(options.maxBatchBytes, 500 * 1024, 1),
    policy: {
      baseDelay: number(options.retry?.baseDelay, 500),
      maxDelay: number(options.retry?.maxDelay, 60_000),
      maxAttempts: number(options.retry?.maxAttempts, 10, 1),
    },
    timeout: number(options.timeout, 10_000, 1),
    storage: storageOption(options.persist),
    storageKey: options.storageKey ?? 'trackplan:http',
    orphanAfter: number(options.orphanAfter, 10_000, 1),
    // a page id shared by several sinks (two endpoints) must not share their storage keys
    tabId:
      options.tabId === undefined
        ? uuid()
        : options.name === undefined || options.name === 'http'
          ? options.tabId
          : `${options.tabId}.${options.name}`,
  }
}
