import { truncate } from '../core/describeError'
import type { EventChecker } from '../core/types'
import { own } from '../plan/compileEvent'
import { isRecord } from '../plan/specShape'
import { checkBatch, type CollectorMode, type RejectedEnvelope } from './checkBatch'
import { failure, headerWriteKey, isWriteKey, json, type HeaderMap } from './http'
import { readBody } from './readBody'
import { parseTime } from './readEnvelope'
import type { Store } from './store/Store'

// POST /v1/batch: a body read within its limits, a write key checked, every envelope read and
// checked, the batch stored in one transaction, and only then a 200.

/** Most envelopes in one batch: each refused one is listed in the answer. */
export const MAX_BATCH_EVENTS = 5_000
/** How long a sender may take to send its body. */
export const BODY_TIMEOUT_MS = 30_000
/** Seconds a sender is asked to wait when the store cannot take the batch now. */
export const STORE_RETRY_AFTER_S = 5

/** What POST /v1/batch answers with 200. */
export interface BatchAnswer {
  /** Envelopes stored now (blocked ones included). */
  accepted: number
  /** Envelopes stored before (a retried batch), or earlier in this batch: nothing stored again. */
  duplicates: number
  rejected: RejectedEnvelope[]
}

/** Counters since the collector started, for `GET /v1/report`. */
export interface BatchCounts {
  batches: number
  accepted: number
  duplicates: number
  rejected: number
  /** Requests refused whole, by status (400, 401, 413, 503, …). */
  refused: Record<string, number>
}

export interface BatchRouteContext {
  maxBodyBytes: number
  writeKeys: readonly string[] | undefined
  check: EventChecker
  mode: CollectorMode
  planVersion: Promise<string>
  /** The store, opened (rejects when it cannot be). */
  openStore(): Promise<Store>
  forwarding: boolean
  now(): Date
  /** Events were committed to the outbox. */
  committed(): void
  counts: BatchCounts
  report(error: Error): void
}

const MEDIA_TYPES = ['', 'application/json', 'text/plain']

/**
 * What a request's body holds: a batch (`/v1/batch`, analytics.js's `/v1/b`), or one call of
 * `type` (analytics.js's `/v1/t`, `/v1/p`…, the HTTP API's `/v1/track`, `/v1/identify`…).
 */
export type BodyShape = { kind: 'batch' } | { kind: 'single'; type: string }

/** An envelope without a `writeKey` of its own (analytics.js puts one on each): a credential. */
function withoutWriteKey(envelope: unknown): unknown {
  if (!isRecord(envelope) || !Object.hasOwn(envelope, 'writeKey')) return envelope
  const { writeKey: _key, ...rest } = envelope
  return rest
}

/**
 * The envelopes a body holds: a batch on any route (httpSink pointed at `/v1/track` sends
 * one), else on a single-call route the body as a batch of one. Write keys are never kept.
 */
function asBatch(
  parsed: unknown,
  shape: BodyShape,
): { batch: unknown[]; record: Record<string, unknown> } | undefined {
  if (!isRecord(parsed)) return undefined
  const batch = own(parsed, 'batch')
  if (Array.isArray(batch)) return { batch: batch.map(withoutWriteKey), record: parsed }
  if (shape.kind === 'batch') return undefined
  return { batch: [withoutWriteKey({ type: shape.type, ...parsed })], record: parsed }
}

/** A request refused whole: counted by status. */
export function refuse(
  context: BatchRouteContext,
  status: number,
  error: string,
  headers: HeaderMap,
  retryAfterSeconds?: number,
): Response {
  context.counts.refused[status] = (context.counts.refused[status] ?? 0) + 1
  return failure(status, error, headers, retryAfterSeconds)
}

/** What the body holds, or the answer refusing it. */
async function readBatch(
  request: Request,
  context: BatchRouteContext,
  cors: HeaderMap,
  shape: BodyShape,
): Promise<{ batch: unknown[]; sentAt: Date | undefined; writeKey: unknown } | Response> {
  const body = await readBody(request, {
    maxBytes: context.maxBodyBytes,
    timeoutMs: BODY_TIMEOUT_MS,
  })
  if (body.kind === 'too-large')
    return refuse(
      context,
      413,
      `the body is over ${context.maxBodyBytes} bytes: send smaller batches`,
      cors,
    )
  if (body.kind === 'timeout') return refuse(context, 408, 'the body took too long to arrive', cors)
  if (body.kind === 'unsupported-encoding')
    return refuse(
      context,
      415,
      `content-encoding ${truncate(body.encoding, 40)} is not supported: send gzip or none`,
      cors,
    )
  if (body.kind === 'unreadable') return refuse(context, 400, truncate(body.message), cors)
  let parsed: unknown
  try {
    parsed = JSON.parse(body.text)
  } catch (error) {
    return refuse(context, 400, truncate(`the body is not JSON: ${(error as Error).message}`), cors)
  }
  const read = asBatch(parsed, shape)
  if (!read)
    return refuse(
      context,
      400,
      shape.kind === 'batch'
        ? 'the body must be {"batch": [envelopes…], "sentAt": "<ISO 8601>"}'
        : `the body must be one ${shape.type} call: {"type": "${shape.type}", …}`,
      cors,
    )
  const { batch, record } = read
  if (batch.length > MAX_BATCH_EVENTS)
    return refuse(
      context,
      413,
      `${batch.length} envelopes in one batch; at most ${MAX_BATCH_EVENTS}`,
      cors,
    )
  const sentAt = parseTime(own(record, 'sentAt'))
  return {
    batch,
    sentAt: sentAt === undefined ? undefined : new Date(sentAt),
    writeKey: own(record, 'writeKey'),
  }
}

/** The write key check before the body is read: a wrong header key is refused at once. */
function headerKeyRefusal(request: Request, context: BatchRouteContext, cors: HeaderMap) {
  if (!context.writeKeys) return undefined
  const key = headerWriteKey(request)
  if (key === undefined)
    return refuse(context, 401, 'the Authorization header must be Basic base64(writeKey:)', cors)
  if (key !== null && !isWriteKey(key, context.writeKeys))
    return refuse(context, 401, 'unknown write key', cors)
  return key === null ? 'body' : 'valid'
}

/** Stores what was accepted in one transaction; the answer to send. */
async function store(
  checked: Awaited<ReturnType<typeof checkBatch>>,
  context: BatchRouteContext,
  cors: HeaderMap,
): Promise<Response> {
  let duplicates = checked.repeats
  let accepted = 0
  if (checked.events.length > 0) {
    try {
      const store = await context.openStore()
      const result = await store.insertBatch(checked.events, { outbox: context.forwarding })
      accepted = result.inserted.length
      duplicates += result.duplicates.length
    } catch (cause) {
      context.report(
        new Error('[trackplan] collector: the store did not take a batch (answered 503)', {
          cause,
        }),
      )
      return refuse(
        context,
        503,
        'the store is unavailable: try again later',
        cors,
        STORE_RETRY_AFTER_S,
      )
    }
    if (accepted > 0 && context.forwarding) context.committed()
  }
  const { counts } = context
  counts.batches++
  counts.accepted += accepted
  counts.duplicates += duplicates
  counts.rejected += checked.rejected.length
  const answer: BatchAnswer = { accepted, duplicates, rejected: checked.rejected }
  return json(200, answer, cors)
}

/**
 * POST /v1/batch. 200 `{ accepted, duplicates, rejected }` once the batch is committed; 400
 * unreadable, 401 wrong key, 408 too slow, 413 too large, 415 not JSON or text, 503 the store
 * failed (with `Retry-After`): nothing stored for any of them.
 */
export async function handleBatch(
  request: Request,
  context: BatchRouteContext,
  cors: HeaderMap,
  shape: BodyShape = { kind: 'batch' },
): Promise<Response> {
  const receivedAt = context.now()
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!MEDIA_TYPES.includes(mediaType) && !mediaType.endsWith('+json'))
    return refuse(context, 415, 'send the batch as application/json or text/plain', cors)
  const keyFrom = headerKeyRefusal(request, context, cors)
  if (keyFrom instanceof Response) return keyFrom
  const read = await readBatch(request, context, cors, shape)
  if (read instanceof Response) return read
  if (keyFrom === 'body' && !isWriteKey(read.writeKey, context.writeKeys!))
    return refuse(
      context,
      401,
      read.writeKey === undefined ? 'a write key is required' : 'unknown write key',
      cors,
    )
  const checked = await checkBatch(read.batch, {
    check: context.check,
    mode: context.mode,
    planVersion: await context.planVersion,
    times: { receivedAt, sentAt: read.sentAt },
  })
  return store(checked, context, cors)
}
