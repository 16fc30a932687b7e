// httpSink's requests from a Web Worker. In Chromium a `fetch` costs the page's main thread
// 4–8 ms per request (measured on the bench page: ~4 ms even for 1 KB, ~7.5 ms for 109 KB);
// posting the body to a worker that fetches costs ~2 ms. The worker is one per page, made
// from a blob: URL on the first request. Where it cannot be made or dies (a Content-Security-
// Policy without `worker-src blob:`, a browser without workers), the requests it held and
// every later one go from the main thread: the answer is the same, only the cost differs.

/** What the worker runs: a POST per message, aborted on request; the answer's status, type and the two headers httpSink reads. */
const SOURCE = `const a=new Map();onmessage=async({data:m})=>{if(m.abort)return a.get(m.id)?.abort();const c=new AbortController();a.set(m.id,c);try{const r=await fetch(m.url,{method:'POST',headers:m.headers,body:m.body,redirect:'manual',signal:c.signal});try{r.body?.cancel().catch(()=>{})}catch{}postMessage({id:m.id,status:r.status,type:r.type,retryAfter:r.headers.get('retry-after'),location:r.headers.get('location')})}catch(e){postMessage({id:m.id,error:String(e&&e.message||e)})}finally{a.delete(m.id)}}`

interface Answer {
  id: number
  status?: number
  type?: ResponseType
  retryAfter?: string | null
  location?: string | null
  error?: string
}

interface Pending {
  url: string
  init: RequestInit
  resolve(response: Response): void
  reject(error: unknown): void
}

let worker: Worker | null | undefined
let next = 0
const pending = new Map<number, Pending>()

/** The worker is gone (or never came): what it held goes from the main thread. */
function fallBack(): void {
  worker?.terminate()
  worker = null
  for (const [id, request] of pending) {
    pending.delete(id)
    fetch(request.url, request.init).then(request.resolve, request.reject)
  }
}

function answer({ data }: MessageEvent<Answer>): void {
  const request = pending.get(data.id)
  if (!request) return
  pending.delete(data.id)
  if (data.error !== undefined) return request.reject(new TypeError(data.error))
  const headers: Record<string, string | null | undefined> = {
    'retry-after': data.retryAfter,
    location: data.location,
  }
  // what post() reads of a Response: its status, its type (an opaque redirect) and two headers
  request.resolve({
    status: data.status,
    type: data.type,
    body: null,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
  } as unknown as Response)
}

function start(): Worker | null {
  try {
    const made = new Worker(URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' })))
    made.onmessage = answer
    // a CSP that forbids blob: workers shows here (Chromium does not throw from the constructor)
    made.onerror = (event) => {
      event.preventDefault?.()
      fallBack()
    }
    return made
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

/**
 * A `fetch` for httpSink's POSTs that runs in the page's worker: the same request (method,
 * headers, string body, `redirect: 'manual'`, abort signal), answered with what post() reads.
 */
export const offThreadFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(String(input), location.href).href
  if (worker === undefined) worker = start()
  if (!worker) return fetch(url, init)
  const id = ++next
  const signal = init.signal
  return new Promise<Response>((resolve, reject) => {
    pending.set(id, { url, init, resolve, reject })
    signal?.addEventListener('abort', () => {
      if (!pending.delete(id)) return
      worker?.postMessage({ id, abort: true })
      reject(signal.reason)
    })
    // a POST with a string body and plain headers: what post() sends
    worker!.postMessage({ id, url, headers: init.headers, body: init.body })
  })
}
