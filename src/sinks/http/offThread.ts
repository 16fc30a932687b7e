import { pageReferrer } from './referrer'
import { workerSource, type WorkerAnswer, type WorkerRequest } from './worker'

// httpSink's requests from a Web Worker. In Chromium a `fetch` costs the page's main thread
// noticeably more than posting its body to a worker that fetches. The worker is one per page,
// made from a blob: URL on the first request. Where it cannot be made or dies (a Content-
// Security-Policy without `worker-src blob:`, a browser without workers), the requests it held
// and every later one go from the main thread: the answer is the same, only the cost differs.

/** A request the worker holds: what the page needs to send it itself, and its promise. */
interface PendingRequest {
  url: string
  init: RequestInit
  resolve(response: Response): void
  reject(error: unknown): void
}

/**
 * The page's worker: not made yet (`undefined`), or none (`null`: it could not be made, or died).
 */
let worker: Worker | null | undefined
let lastRequestId = 0
const pending = new Map<number, PendingRequest>()

/** The worker is gone (or never came): what it held goes from the main thread. */
function fallBackToPage(): void {
  worker?.terminate()
  worker = null
  for (const [id, request] of pending) {
    pending.delete(id)
    fetch(request.url, request.init).then(request.resolve, request.reject)
  }
}

function onWorkerAnswer({ data: answer }: MessageEvent<WorkerAnswer>): void {
  const request = pending.get(answer.id)
  if (!request) return
  pending.delete(answer.id)
  if (answer.error !== undefined) return request.reject(new TypeError(answer.error))
  request.resolve(answerAsResponse(answer))
}

/**
 * The worker's answer as post() reads a Response: its status, its type (an opaque redirect), two
 * headers, and a 2xx answer's body.
 */
export function answerAsResponse(answer: WorkerAnswer): Response {
  const headers: Record<string, string | null | undefined> = {
    'retry-after': answer.retryAfter,
    location: answer.location,
  }
  return {
    status: answer.status,
    type: answer.type,
    body: null,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    text: async () => answer.body ?? '',
  } as unknown as Response
}

function startWorker(): Worker | null {
  try {
    const source = new Blob([workerSource()], { type: 'text/javascript' })
    const created = new Worker(URL.createObjectURL(source))
    created.onmessage = onWorkerAnswer
    // a CSP that forbids blob: workers shows here (Chromium does not throw from the constructor)
    created.onerror = (event) => {
      event.preventDefault?.()
      fallBackToPage()
    }
    return created
  } catch {
    return null
  }
}

/**
 * Whether this page sends from a worker: a browser with workers and blob: URLs, whose `fetch`
 * is the browser's own. A page that wrapped `fetch` (an APM agent's tracing, a test harness
 * such as trackplan/playwright's collector, a mock) sees httpSink's requests pass through it.
 */
export const canSendOffThread = (): boolean => {
  try {
    return (
      typeof Worker === 'function' &&
      typeof location !== 'undefined' &&
      typeof URL.createObjectURL === 'function' &&
      /\[native code\]/.test(Function.prototype.toString.call(fetch))
    )
  } catch {
    return false
  }
}

/** Sends a message to the worker (typed: the worker reads exactly this). */
const tell = (request: WorkerRequest): void => worker?.postMessage(request)

/**
 * A `fetch` for httpSink's POSTs that runs in the page's worker: the same request (method,
 * headers, string body, `redirect: 'manual'`, abort signal), answered with what post() reads.
 */
export const offThreadFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(String(input), location.href).href
  if (worker === undefined) worker = startWorker()
  if (!worker) return fetch(url, init)
  const id = ++lastRequestId
  const signal = init.signal
  return new Promise<Response>((resolve, reject) => {
    pending.set(id, { url, init, resolve, reject })
    signal?.addEventListener('abort', () => {
      if (!pending.delete(id)) return
      tell({ id, abort: true })
      reject(signal.reason)
    })
    // a POST with a string body and plain headers: what post() sends, with the page's referrer
    tell({ id, url, headers: init.headers, body: init.body, ...pageReferrer() })
  })
}
