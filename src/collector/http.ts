// The collector's HTTP surface besides its routes: answers as JSON, CORS for the allowed
// origins, and write keys as Segment's clients send them.

export type HeaderMap = Record<string, string>

/** A JSON answer, never cached. */
export const json = (status: number, body: unknown, headers: HeaderMap = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  })

/** An error answer: `{ error }`, with a `Retry-After` (seconds) when trying again may work. */
export const failure = (
  status: number,
  error: string,
  headers: HeaderMap = {},
  retryAfterSeconds?: number,
): Response =>
  json(
    status,
    { error },
    retryAfterSeconds === undefined
      ? headers
      : { ...headers, 'retry-after': String(retryAfterSeconds) },
  )

/**
 * The CORS headers for a request's `Origin`, or `refused`. Without `allowedOrigins` nothing is
 * added (same-origin use, servers); a request without an `Origin` (a server, a same-origin
 * GET) or from the collector's own host (a browser sends `Origin` on every POST, its own
 * page's too) is never refused. Credentials are never allowed; `Retry-After` is exposed, so
 * that a browser's httpSink can honour it.
 */
export function corsHeaders(
  request: Request,
  allowedOrigins: readonly string[] | undefined,
): HeaderMap | 'refused' {
  const origin = request.headers.get('origin')
  if (!allowedOrigins || origin === null || isOwnHost(origin, request)) return {}
  const exposed = { 'access-control-expose-headers': 'Retry-After' }
  if (allowedOrigins.includes('*')) return { 'access-control-allow-origin': '*', ...exposed }
  if (!allowedOrigins.includes(origin)) return 'refused'
  return { 'access-control-allow-origin': origin, vary: 'Origin', ...exposed }
}

/**
 * Whether `origin` names the host the request was sent to. The scheme is not compared: behind
 * a proxy that ends TLS the collector sees `http` where the page has `https`.
 */
function isOwnHost(origin: string, request: Request): boolean {
  try {
    return new URL(origin).host === new URL(request.url).host
  } catch {
    return false
  }
}

/**
 * Allowed origins as browsers send them: an entry typed as an address (`http://localhost:5173/`,
 * `https://app.test/home`) is read as its origin; `*` and other schemes (an extension's
 * `chrome-extension://…`, whose URL has no origin) are kept as written.
 */
export const originsOf = (allowed: readonly string[]): string[] =>
  allowed.map((entry) => {
    if (!/^https?:\/\//i.test(entry)) return entry
    try {
      return new URL(entry).origin
    } catch {
      return entry
    }
  })

/** Longest `Access-Control-Request-Headers` echoed back. */
const MAX_REQUESTED_HEADERS = 500

/** The answer to a CORS preflight for `methods`. */
export function preflight(request: Request, cors: HeaderMap, methods: string): Response {
  const requested = request.headers.get('access-control-request-headers') ?? ''
  return new Response(null, {
    status: 204,
    headers: {
      ...cors,
      'access-control-allow-methods': methods,
      'access-control-allow-headers':
        requested && requested.length <= MAX_REQUESTED_HEADERS && /^[\w\s,-]*$/.test(requested)
          ? requested
          : 'content-type, authorization',
      'access-control-max-age': '7200',
    },
  })
}

/**
 * The write key of an `Authorization: Basic base64(writeKey:)` header (Segment's), `null`
 * without one, `undefined` when it cannot be read.
 */
export function headerWriteKey(request: Request): string | null | undefined {
  const authorization = request.headers.get('authorization')
  if (authorization === null) return null
  const match = /^basic\s+([A-Za-z0-9+/=_-]{1,1024})\s*$/i.exec(authorization)
  if (!match) return undefined
  try {
    const binary = atob(match[1]!.replace(/-/g, '+').replace(/_/g, '/'))
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    )
    const colon = text.indexOf(':')
    return colon === -1 ? text : text.slice(0, colon)
  } catch {
    return undefined
  }
}

/** Compares without stopping at the first difference: the time taken tells nothing of the key. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return difference === 0
}

/** Whether `key` is one of `writeKeys`. */
export const isWriteKey = (key: unknown, writeKeys: readonly string[]): boolean =>
  typeof key === 'string' && key.length <= 1024 && writeKeys.some((k) => sameText(k, key))
