// The Web Worker that sends httpSink's batches off the page's main thread (see offThread.ts).
// It runs from its own source text in a blob: worker, so `workerMain` must stand alone: it
// uses only the worker's globals (`self`, `fetch`, `AbortController`, `Map`), nothing from
// this module, and no syntax a transpiler would rewrite into a call to one of its helpers
// (async functions, spread, classes, named local functions): that helper would be missing in
// the worker. The test in test/delivery/worker.test.ts runs it minified and down-levelled.

/**
 * What the page asks of the worker: a POST to make, with the page's referrer (see
 * referrer.ts), or one to abort.
 */
export type WorkerRequest =
  | {
      id: number
      url: string
      headers: HeadersInit | undefined
      body: BodyInit | null | undefined
      referrer?: string
      referrerPolicy?: ReferrerPolicy
    }
  | { id: number; abort: true }

/** The worker's answer to a POST: what httpSink reads of a Response, or the network error. */
export interface WorkerAnswer {
  id: number
  status?: number
  type?: ResponseType
  retryAfter?: string | null
  location?: string | null
  /** A 2xx answer's body: it may list envelopes the collector refused. */
  body?: string
  error?: string
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null
  postMessage(answer: WorkerAnswer): void
}

/**
 * The worker's program: a POST per message (never following a redirect), aborted on request,
 * answered with the status, the response type, the two headers httpSink reads and a 2xx
 * answer's body.
 */
export function workerMain(): void {
  const scope = self as unknown as WorkerScope
  const controllers = new Map<number, AbortController>()
  scope.onmessage = (event) => {
    const request = event.data
    if ('abort' in request) {
      const controller = controllers.get(request.id)
      if (controller) controller.abort()
      return
    }
    const controller = new AbortController()
    controllers.set(request.id, controller)
    const init: RequestInit = {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
    }
    // the page's address, of this blob: worker's origin, under the page's policy where known
    if (request.referrer) init.referrer = request.referrer
    if (request.referrerPolicy) init.referrerPolicy = request.referrerPolicy
    fetch(request.url, init)
      .then((response) => {
        const answer: WorkerAnswer = {
          id: request.id,
          status: response.status,
          type: response.type,
          retryAfter: response.headers.get('retry-after'),
          location: response.headers.get('location'),
        }
        // read to its end, not cancelled: the browser logs a cancelled body as a failed request
        // (net::ERR_ABORTED). A 2xx answer's may list envelopes the collector refused: the page
        // reads it; any other's the answer does not wait for
        const body = response.text()
        if (response.status < 300)
          return body
            .then(
              (text) => void (answer.body = text),
              () => {},
            )
            .then(() => scope.postMessage(answer))
        body.catch(() => {})
        scope.postMessage(answer)
      })
      .catch((error: unknown) => {
        const message = error && (error as Error).message
        scope.postMessage({ id: request.id, error: String(message || error) })
      })
      .finally(() => controllers.delete(request.id))
  }
}

/** The worker's source text: `workerMain`, called. */
export const workerSource = (): string => `(${workerMain.toString()})()`
