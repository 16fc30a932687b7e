import type { Item } from './store'
import type { Answer } from './policy'
import { chunk } from './policy'

/** sendBeacon's budget is 64 KiB for everything a page has queued: one KiB under it. */
const BEACON_BYTES = 63 * 1024

/** The batch body from each event's JSON, made once when it was queued; `sentAt` stamped on every attempt. */
export const body = (items: readonly Item[]): string =>
  `{"batch":[${items.map((i) => i.json).join(',')}],"sentAt":"${new Date().toISOString()}"}`

/** A redirect: a 3xx (Node), or the opaque answer a browser gives for one with `redirect: 'manual'`. */
const isRedirect = (response: Response): boolean =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)

export interface Transport {
  url: string
  headers: Record<string, string> | undefined
  /** The page's own fetch (or the `fetch` option): beacons' `keepalive` fallback must leave from the page. */
  fetch: typeof fetch
  /** What batches are POSTed with: from a worker in a browser (see offThread), else `fetch`. */
  request: typeof fetch
  /** Milliseconds before a request counts as a network error. */
  timeout: number
}

/**
 * One POST of `items`, never followed through a redirect (a POST would arrive as a bodiless
 * GET), aborted after `timeout`: the answer, and where a redirect pointed. Never rejects.
 */
export async function post(
  items: readonly Item[],
  { url, headers, request: send, timeout }: Transport,
  retryAfter: (header: string | null) => number | undefined,
): Promise<Answer & { location?: string | null }> {
  const abort = typeof AbortController === 'undefined' ? undefined : new AbortController()
  const timer = setTimeout(() => abort?.abort(new Error(`no answer within ${timeout} ms`)), timeout)
  ;(timer as { unref?: () => void }).unref?.()
  try {
    const response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body(items),
      redirect: 'manual',
      ...(abort ? { signal: abort.signal } : {}),
    })
    try {
      void response.body?.cancel().catch(() => {})
    } catch {
      // a body already broken: nothing to release
    }
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
export function beacon(items: readonly Item[], { url, headers, fetch: send }: Transport): Item[] {
  const sent: Item[] = []
  for (const part of chunk(items, {
    maxItems: Infinity,
    maxBytes: BEACON_BYTES,
    oversize: 'skip',
  })) {
    const text = body(part)
    let queued = false
    try {
      if (
        !headers &&
        typeof navigator !== 'undefined' &&
        typeof navigator.sendBeacon === 'function'
      ) {
        // text/plain keeps a cross-origin beacon a simple request (no preflight)
        queued = navigator.sendBeacon(url, new Blob([text], { type: 'text/plain;charset=UTF-8' }))
      }
      if (!queued) {
        void send(url, {
          method: 'POST',
          keepalive: true,
          headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
          body: text,
        }).catch(() => {})
        queued = true
      }
    } catch {
      queued = false
    }
    if (queued) sent.push(...part)
  }
  return sent
}
