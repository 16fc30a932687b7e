// httpSink's two rules, pure and tested as tables: how queued events are cut into requests
// (batches and beacons alike), and what a collector's answer means for the events sent.

/** What `{"batch":[…],"sentAt":"…"}` adds around the events, with an ISO `sentAt`. */
export const BATCH_ENVELOPE_BYTES = 48

export interface ChunkRule {
  /** Most events in one request. */
  maxItems: number
  /** Most bytes of one request's body. */
  maxBytes: number
  /**
   * An event too large for any request: sent `alone` (the collector's 413 decides), or
   * `skip`ped (a beacon cannot carry it).
   */
  oversize: 'alone' | 'skip'
  /** Stop after this many chunks (the next batch: 1). */
  limit?: number
}

/** Events in order, cut into request bodies: each event's JSON and a comma, plus the envelope. */
export function chunk<T extends { size: number }>(items: readonly T[], rule: ChunkRule): T[][] {
  const chunks: T[][] = []
  let current: T[] = []
  let bytes = BATCH_ENVELOPE_BYTES
  for (const item of items) {
    const itemBytes = item.size + 1
    if (rule.oversize === 'skip' && BATCH_ENVELOPE_BYTES + itemBytes > rule.maxBytes) continue
    if (
      current.length > 0 &&
      (current.length >= rule.maxItems || bytes + itemBytes > rule.maxBytes)
    ) {
      chunks.push(current)
      if (chunks.length === rule.limit) return chunks
      current = []
      bytes = BATCH_ENVELOPE_BYTES
    }
    current.push(item)
    bytes += itemBytes
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/** The first chunk only (the next request's body), or none. */
export const firstChunk = <T extends { size: number }>(
  items: readonly T[],
  rule: Omit<ChunkRule, 'limit'>,
): T[] => chunk(items, { ...rule, limit: 1 })[0] ?? []

/** A request body's bytes, as `chunk` counts them: each event's JSON and a comma, the envelope. */
export const bodyBytes = (items: readonly { size: number }[]): number =>
  items.reduce((bytes, item) => bytes + item.size + 1, BATCH_ENVELOPE_BYTES)

/** What came back for one request. */
export type Answer =
  | {
      status: number
      redirect?: boolean
      retryAfterMs?: number
      /** A 2xx answer's `rejected`, as the collector sent it (read by `refusedIn`). */
      rejected?: unknown
    }
  | { error: unknown }

/** An answer in a word: its status, or the network error (for reports and devtools). */
export const describeAnswer = (answer: Answer): string =>
  'error' in answer
    ? `network error: ${(answer.error as Error)?.message ?? answer.error}`
    : String(answer.status)

export interface RetryPolicy {
  baseDelay: number
  maxDelay: number
  maxAttempts: number
  random?: () => number
}

export type Decision =
  | { kind: 'delivered' }
  /** A 413 for several events: send each half on its own. */
  | { kind: 'split' }
  | { kind: 'drop'; reason: 'delivery' | 'size'; message: string }
  /** Try again after `wait` ms; `attempt` failures in a row so far. */
  | { kind: 'retry'; attempt: number; wait: number }

/**
 * The events a 2xx answer refused, each with the collector's reason: the `rejected` entries
 * naming one of the `items` sent by its index (trackplan's collector's answer; see
 * docs/collector.md). Anything else in that place refuses nothing.
 */
export function refusedIn<T>(rejected: unknown, items: readonly T[]): Map<T, string> {
  const refused = new Map<T, string>()
  if (Array.isArray(rejected))
    for (const entry of rejected) {
      const item = Number.isInteger(entry?.index) ? items[entry.index] : undefined
      if (item) refused.set(item, String(entry.reason ?? 'no reason given'))
    }
  return refused
}

/**
 * Statuses worth another try: timeouts, throttling, a server's passing trouble (not 501, 505,
 * 511).
 */
export const isRetryable = (status: number): boolean =>
  status === 408 ||
  status === 410 ||
  status === 429 ||
  status === 460 ||
  (status >= 500 && status !== 501 && status !== 505 && status !== 511)

/**
 * The wait before retry number `attempt` (1-based): exponential from `base`, capped at `max`,
 * with jitter in its upper half.
 */
export function backoff(
  attempt: number,
  base: number,
  max: number,
  random: () => number = Math.random,
): number {
  const delay = Math.min(max, base * 2 ** (attempt - 1))
  return delay / 2 + random() * (delay / 2)
}

/** Most a `Retry-After` may ask for: 5 minutes; a collector asking for days is not obeyed. */
const MAX_RETRY_AFTER_MS = 300_000

/** `Retry-After` as milliseconds (seconds or an HTTP date), capped at 5 minutes. */
export function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now()
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined
}

/**
 * What an answer means for the `events` sent, after `failures` failed attempts in a row:
 * 2xx delivered; 413 split (or dropped as too large, for one event); a network error, a
 * redirect (never followed: a POST would arrive as a bodiless GET) or a retryable status
 * retried until `maxAttempts`; any other status dropped.
 */
export function decide(
  answer: Answer,
  events: number,
  failures: number,
  policy: RetryPolicy,
): Decision {
  const drop = (reason: 'delivery' | 'size', message: string): Decision => ({
    kind: 'drop',
    reason,
    message,
  })
  // the wait: the backoff, or `Retry-After` when it asks for longer (never shorter: `0` adds
  // nothing)
  const retryOrDrop = (last: string, retryAfterMs = 0): Decision => {
    const attempt = failures + 1
    if (attempt >= policy.maxAttempts)
      return drop('delivery', `gave up after ${policy.maxAttempts} attempts (last: ${last})`)
    const { baseDelay, maxDelay, random } = policy
    const wait = Math.max(retryAfterMs, backoff(attempt, baseDelay, maxDelay, random))
    return { kind: 'retry', attempt, wait }
  }
  if ('error' in answer || answer.redirect) return retryOrDrop(describeAnswer(answer))
  const { status } = answer
  if (status >= 200 && status < 300) return { kind: 'delivered' }
  if (status === 413)
    return events > 1
      ? { kind: 'split' }
      : drop('size', 'the collector refused an event as too large (413)')
  if (isRetryable(status)) return retryOrDrop(String(status), answer.retryAfterMs)
  return drop('delivery', `the collector answered ${status}; ${events} event(s) dropped`)
}
