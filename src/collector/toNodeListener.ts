import type { IncomingMessage, ServerResponse } from 'node:http'

// Node's `http` speaks IncomingMessage and ServerResponse; the collector speaks Request and
// Response. Types only from node:http: the collector's entry loads on any fetch-style runtime.

/** A request's body as a stream, and whether it was read to its end. */
function bodyOf(req: IncomingMessage) {
  const read = { ended: false }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // a stream cancelled or errored throws on each call: nothing more is wanted of it then
        const attempt = (work: () => void): void => {
          try {
            work()
          } catch {
            req.pause()
          }
        }
        req.on('data', (chunk: Buffer) =>
          attempt(() => {
            controller.enqueue(new Uint8Array(chunk))
            if ((controller.desiredSize ?? 0) <= 0) req.pause()
          }),
        )
        req.on('end', () => {
          read.ended = true
          attempt(() => controller.close())
        })
        req.on('error', (error) => attempt(() => controller.error(error)))
      },
      pull: () => void req.resume(),
      // the handler stopped reading (a body over its limit): the rest is never read
      cancel: () => {
        req.pause()
        req.removeAllListeners('data')
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  )
  return { stream, read }
}

/**
 * The path and query of a request target: origin-form (`/v1/batch`), or absolute-form
 * (`http://host/v1/batch`) as a proxy sends it; anything else is `/`.
 */
function targetPath(target: string | undefined): string {
  if (target?.startsWith('/')) return target
  try {
    if (target && /^https?:\/\//i.test(target)) {
      const url = new URL(target)
      return url.pathname + url.search
    }
  } catch {
    // no URL: the root, which no route answers
  }
  return '/'
}

/** The Web request for a Node one; a Host header that is no host name reads as `localhost`. */
function requestOf(req: IncomingMessage, body: ReadableStream<Uint8Array> | null): Request {
  const host = req.headers.host
  const origin = `http://${typeof host === 'string' && /^[\w.:[\]-]{1,255}$/.test(host) ? host : 'localhost'}`
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    try {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    } catch {
      // a header value fetch's Headers refuses: the handler never needed it
    }
  }
  return new Request(new URL(targetPath(req.url), origin), {
    method: req.method ?? 'GET',
    headers,
    body,
    // a streamed request body (Node's fetch requires the word)
    ...(body ? { duplex: 'half' } : {}),
  } as RequestInit)
}

async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: Request) => Promise<Response>,
): Promise<void> {
  const declared = req.headers['content-length']
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared !== '0')
  const body = hasBody ? bodyOf(req) : undefined
  let response: Response
  try {
    response = await handle(requestOf(req, body?.stream ?? null))
  } catch {
    response = new Response(JSON.stringify({ error: 'the request could not be read' }), {
      status: 400,
      headers: { 'content-type': 'application/json' },
    })
  }
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => (headers[name] = value))
  // a body not read to its end (over the limit, a wrong key): the connection is closed rather
  // than the rest of it read and thrown away
  if (body && !body.read.ended && !req.complete) headers.connection = 'close'
  const payload = req.method === 'HEAD' ? undefined : new Uint8Array(await response.arrayBuffer())
  res.writeHead(response.status, headers)
  res.end(payload)
}

/**
 * Node's `http` listener for a Web-standard handler (the collector's `handle`): a request
 * body streamed in (never read past what the handler reads), the answer written back.
 *
 * @example
 * import { createServer } from 'node:http'
 * createServer(toNodeListener(collector.handle)).listen(4318, '127.0.0.1')
 */
export function toNodeListener(
  handle: (request: Request) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    res.on('error', () => {})
    respond(req, res, handle).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  }
}
