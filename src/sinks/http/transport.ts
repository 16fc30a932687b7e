import type { Item } from './item'
import { canSendOffThread, offThreadFetch } from './offThread'
import { chunk, type Answer } from './policy'

/** sendBeacon's budget is 64 KiB for everything a page has queued: one KiB under it. */
const BEACON_BYTES = 63 * 1024

/**
 * The batch body from each event's JSON, made once when it was queued; `sentAt` stamped on
 * every attempt.
 */
export const batchBody = (items: readonly Item[]): string =>
  `{"batch":[${items.map((item) => item.json).join(',')}],"sentAt":"${new Date().toISOString()}"}`

/**
 * A redirect: a 3xx (Node), or the opaque answer a browser gives for one with
 * `redirect: 'manual'`.
 */
const isRedirect = (response: Response): boolean =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)

/**
 * Reads an answer's body to its end without waiting for it. Cancelling it instead would show
 * every batch as a failed request (net::ERR_ABORTED) in the browser's network log.
 */
const drain = (response: Response): void => {
  try {
    if (response.body) response.arrayBuffer().catch(() => {})
  } catch {
    // a body already used or broken, or a `fetch` option's answer without one: nothing to read
  }
}

/** Where and how httpSink's requests go. */
export interface Transport {
  url: string
  headers: Record<string, string> | undefined
  /**
   * The page's own fetch (or the `fetch` option): beacons' `keepalive` fallback must leave
   * from the page.
   */
  fetch: typeof fetch
  /** What batches are POSTed with: from a worker in a browser (see offThread), else `fetch`. */
  request: typeof fetch
  /** Milliseconds before a request counts as a network error. */
  timeout: number
}

/**
 * The transport for httpSink's options: batches go from a worker where the page can make one
 * and no `fetch` was given (nor `worker: false`).
 */
export function createTransport(options: {
  url: string
  headers?: Record<string, string>
  fetch?: typeof fetch
  worker?: boolean
  timeout: number
}): Transport {
  const pageFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init))
  const offThread = !options.fetch && options.worker !== false && canSendOffThread()
  return {
    url: options.url,
    headers: options.headers,
    fetch: pageFetch,
    request: offThread ? offThreadFetch : pageFetch,
    timeout: options.timeout,
  }
}

/**
 * One POST of `items`, never followed through a redirect (a POST would arrive as a bodiless
 * GET), aborted after `timeout`: the answer, and where a redirect pointed. Never rejects.
 */
export async function post(
  items: readonly Item[],
  { url, headers, request, timeout }: Transport,
  retryAfter: (header: string | null) => number | undefined,
): Promise<Answer & { location?: string | null }> {
  const abort = typeof AbortController === 'undefined' ? undefined : new AbortController()
  const timer = setTimeout(() => abort?.abort(new Error(`no answer within ${timeout} ms`)), timeout)
  ;(timer as { unref?: () => void }).unref?.()
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: batchBody(items),
      redirect: 'manual',
      ...(abort ? { signal: abort.signal } : {}),
    })
    drain(response)
    if (isRedirect(response))
      return { status: response.status, redirect: true, location: response.headers.get('location') }
    return {
      status: response.status,
      retryAfterMs: retryAfter(response.headers.get('retry-after')),
    }
  } catch (cause) {
    return { error: cause }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The page is going away: `items` leave by `sendBeacon` (or `fetch` with `keepalive` where
 * there are headers or no beacon), in chunks under 64 KiB. Returns the items handed over; an
 * event too large for any beacon is not, and waits for the next load.
 */
export function sendBeacons(
  items: readonly Item[],
  { url, headers, fetch: pageFetch }: Transport,
): Item[] {
  const sent: Item[] = []
  for (const part of chunk(items, {
    maxItems: Infinity,
    maxBytes: BEACON_BYTES,
    oversize: 'skip',
  })) {
    const text = batchBody(part)
    let handedOver = false
    try {
      if (
        !headers &&
        typeof navigator !== 'undefined' &&
        typeof navigator.sendBeacon === 'function'
      ) {
        // text/plain keeps a cross-origin beacon a simple request (no preflight)
        const blob = new Blob([text], { type: 'text/plain;charset=UTF-8' })
        handedOver = navigator.sendBeacon(url, blob)
      }
      if (!handedOver) {
        void pageFetch(url, {
          method: 'POST',
          keepalive: true,
          headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
          body: text,
        }).catch(() => {})
        handedOver = true
      }
    } catch {
      handedOver = false
    }
    if (handedOver) sent.push(...part)
  }
  return sent
}
