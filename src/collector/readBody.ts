// A request body read as text, never past `maxBytes` (what a sender declares and what it
// sends are both counted; a gzip body is counted as it unpacks), nor longer than `timeoutMs`.

export type BodyReading =
  | { kind: 'text'; text: string }
  | { kind: 'too-large' }
  | { kind: 'timeout' }
  /** Not UTF-8, a broken gzip stream, a connection that failed. */
  | { kind: 'unreadable'; message: string }
  | { kind: 'unsupported-encoding'; encoding: string }

export interface BodyLimits {
  maxBytes: number
  timeoutMs: number
}

/** The body's bytes, as sent or unpacked from gzip; undefined for an encoding not supported. */
function bytesOf(request: Request): ReadableStream<Uint8Array> | null | undefined {
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase()
  if (encoding === 'identity' || encoding === '') return request.body
  if (encoding !== 'gzip' || typeof DecompressionStream === 'undefined') return undefined
  return request.body?.pipeThrough(new DecompressionStream('gzip')) ?? null
}

/** The declared length is over the limit: answered without reading a byte. */
export function declaredTooLarge(request: Request, maxBytes: number): boolean {
  const declared = Number(request.headers.get('content-length'))
  return Number.isFinite(declared) && declared > maxBytes
}

/** Collects chunks until the end, the limit or the deadline (which cancels the stream). */
async function collect(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  { maxBytes, timeoutMs }: BodyLimits,
): Promise<Uint8Array[] | BodyReading> {
  const chunks: Uint8Array[] = []
  let total = 0
  let timedOut = false
  // one timer for the whole body: cancelling ends the read under way
  const timer = setTimeout(() => {
    timedOut = true
    reader.cancel().catch(() => {})
  }, timeoutMs)
  try {
    for (;;) {
      const next = await reader.read()
      if (timedOut) return { kind: 'timeout' }
      if (next.done) return chunks
      total += next.value.byteLength
      if (total > maxBytes) return { kind: 'too-large' }
      chunks.push(next.value)
    }
  } finally {
    clearTimeout(timer)
  }
}

/** Joins the chunks and decodes them as UTF-8 (a byte order mark dropped). */
function decode(chunks: readonly Uint8Array[]): BodyReading {
  const bytes = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { kind: 'unreadable', message: 'the body is not UTF-8' }
  }
}

/** Reads a request's body as text within the limits. Never rejects. */
export async function readBody(request: Request, limits: BodyLimits): Promise<BodyReading> {
  if (declaredTooLarge(request, limits.maxBytes)) return { kind: 'too-large' }
  const stream = bytesOf(request)
  if (stream === undefined)
    return {
      kind: 'unsupported-encoding',
      encoding: request.headers.get('content-encoding') ?? '',
    }
  if (stream === null) return { kind: 'text', text: '' }
  let reader: ReadableStreamDefaultReader<Uint8Array>
  try {
    reader = stream.getReader()
  } catch (cause) {
    return { kind: 'unreadable', message: `the body could not be read (${String(cause)})` }
  }
  let collected: Uint8Array[] | BodyReading
  try {
    collected = await collect(reader, limits)
  } catch (cause) {
    collected = {
      kind: 'unreadable',
      message: `the body could not be read (${cause instanceof Error ? cause.message : String(cause)})`,
    }
  }
  if (!Array.isArray(collected)) {
    // stop the sender's stream: what is left is never read
    reader.cancel().catch(() => {})
    return collected
  }
  return decode(collected)
}
