import type { Item } from './item'
import { canSendOffThread, offThreadFetch } from './offThread'
import type { Answer } from './policy'

/**
 * What the page sends as it goes away, in `keepalive` requests, at most in flight: the browser
 * lets them outlive the page within 64 KiB for the whole page, the app's own included (a draft
 * saved, another SDK's beacon): half of it is left to the app.
 */
export const LEAVE_BYTES = 32 * 1024

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

/**
 * What a 2xx answer's JSON lists as `rejected` (trackplan's collector refuses envelopes one by
 * one: `[{ index, reason }]`); the body of any other answer is drained unread.
 */
async function rejectedIn(response: Response): Promise<unknown> {
  if (response.status > 299) return drain(response)
  try {
    return JSON.parse(await response.text()).rejected
  } catch {
    // no JSON (Segment's answers are, other collectors' may be none), or cut short: the status decides
  }
}

/** An AbortController, where the platform has one (none: requests are not aborted). */
const newAbortController = (): AbortController | undefined =>
  typeof AbortController === 'undefined' ? undefined : new AbortController()

/** Where and how httpSink's requests go. */
export interface Transport {
  url: string
  headers: Record<string, string> | undefined
  /**
   * The page's own fetch (or the `fetch` option): `keepalive` requests, as the page goes away,
   * must leave from the page (a worker's die with it).
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
 * `keepalive`: from the page, outliving it, as `text/plain` — a simple request, so that a
 * cross-origin collector needs no preflight the page may not live to see. `cancel`: close()
 * ran out of time.
 */
export async function post(
  items: readonly Item[],
  transport: Transport,
  retryAfter: (header: string | null) => number | undefined,
  { keepalive = false, cancel }: { keepalive?: boolean; cancel?: AbortSignal } = {},
): Promise<Answer & { location?: string | null }> {
  const { url, headers, timeout } = transport
  const request = keepalive ? transport.fetch : transport.request
  const abort = newAbortController()
  const timer = setTimeout(() => abort?.abort(new Error(`no answer within ${timeout} ms`)), timeout)
  const cancelled = (): void => abort?.abort(cancel?.reason)
  cancel?.addEventListener('abort', cancelled)
  ;(timer as { unref?: () => void }).unref?.()
  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': keepalive ? 'text/plain;charset=UTF-8' : 'application/json',
        ...headers,
      },
      body: batchBody(items),
      redirect: 'manual',
      ...(keepalive ? { keepalive: true } : {}),
      ...(abort ? { signal: abort.signal } : {}),
    })
    if (isRedirect(response)) {
      drain(response)
      return { status: response.status, redirect: true, location: response.headers.get('location') }
    }
    return {
      status: response.status,
      retryAfterMs: retryAfter(response.headers.get('retry-after')),
      rejected: await rejectedIn(response),
    }
  } catch (cause) {
    return { error: cause }
  } finally {
    cancel?.removeEventListener('abort', cancelled)
    clearTimeout(timer)
  }
}

/**
 * A sender's requests on the wire: how many, the bytes of its keepalive ones (within
 * LEAVE_BYTES), and close()'s hold on the others — when it runs out of time they are cancelled,
 * and it waits for their failures to be settled.
 */
export function createRequestLedger() {
  let requests = 0
  let keepaliveBytes = 0
  let cancellable = 0
  const waiting: (() => void)[] = []
  const controller = newAbortController()
  return {
    get requests() {
      return requests
    },
    get keepaliveLeft() {
      return LEAVE_BYTES - keepaliveBytes
    },
    /** A request starts: `keepalive`, its body's bytes. Returns what cancels it (none: keepalive). */
    opened(keepalive: number | undefined): AbortSignal | undefined {
      requests++
      if (keepalive !== undefined) keepaliveBytes += keepalive
      else cancellable++
      return keepalive === undefined ? controller?.signal : undefined
    },
    closed(keepalive: number | undefined): void {
      requests--
      if (keepalive !== undefined) keepaliveBytes -= keepalive
      else if (--cancellable === 0) for (const resolve of waiting.splice(0)) resolve()
    },
    cancel(): Promise<void> {
      if (cancellable === 0) return Promise.resolve()
      controller?.abort(new Error('close() ran out of time'))
      return new Promise<void>((resolve) => waiting.push(resolve))
    },
  }
}
