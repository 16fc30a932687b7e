// httpSink's rules as tables: how events are cut into requests, and what an answer means.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { TrackedEvent } from '../../src/core/types'
import { utf8Bytes } from '../../src/core/utf8'
import { toItem } from '../../src/sinks/http/item'
import { batchBody } from '../../src/sinks/http/transport'
import {
  BATCH_ENVELOPE_BYTES,
  bodyBytes,
  chunk,
  decide,
  isRetryable,
  type Answer,
  type ChunkRule,
} from '../../src/sinks/http/policy'

const items = (...sizes: number[]) => sizes.map((size, i) => ({ id: i, size }))
const ids = (chunks: { id: number }[][]) => chunks.map((c) => c.map((i) => i.id))

describe('chunk: one rule for batches and beacons', () => {
  const E = BATCH_ENVELOPE_BYTES
  const rows: [string, number[], ChunkRule, number[][]][] = [
    [
      'by count',
      [10, 10, 10, 10, 10],
      { maxItems: 2, maxBytes: 1000, oversize: 'alone' },
      [[0, 1], [2, 3], [4]],
    ],
    // each event costs its JSON and a comma; the envelope is counted once per body
    [
      'by bytes: exactly full',
      [9, 9, 9],
      { maxItems: 100, maxBytes: E + 20, oversize: 'alone' },
      [[0, 1], [2]],
    ],
    [
      'by bytes: one over',
      [9, 10],
      { maxItems: 100, maxBytes: E + 20, oversize: 'alone' },
      [[0], [1]],
    ],
    [
      'an oversized event goes alone (the collector’s 413 decides)',
      [5, 500, 5],
      { maxItems: 100, maxBytes: 100, oversize: 'alone' },
      [[0], [1], [2]],
    ],
    [
      '…or is skipped (a beacon cannot carry it), order kept',
      [5, 500, 5],
      { maxItems: 100, maxBytes: 100, oversize: 'skip' },
      [[0, 2]],
    ],
    [
      'only the first chunk (the next batch)',
      [10, 10, 10],
      { maxItems: 1, maxBytes: 1000, oversize: 'alone', limit: 1 },
      [[0]],
    ],
    ['nothing queued', [], { maxItems: 20, maxBytes: 1000, oversize: 'alone' }, []],
  ]
  it.each(rows)('%s', (_name, sizes, rule, expected) => {
    expect(ids(chunk(items(...sizes), rule))).toEqual(expected)
  })

  // a chunk is cut to fit a limit (a beacon's, a collector's maxBodyBytes): the body sent,
  // envelope and sentAt included, must never weigh more than chunk counted
  it('counts no fewer bytes than the body sent: the envelope, sentAt and every comma', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 8 }),
        (texts) => {
          const batch = texts.map((text, n) =>
            toItem({ type: 'track', event: text, messageId: `m${n}` } as TrackedEvent),
          )
          expect(utf8Bytes(batchBody(batch))).toBeLessThanOrEqual(bodyBytes(batch))
        },
      ),
      { numRuns: 1000 },
    )
  }, 60_000)
})

describe('decide: what an answer means', () => {
  const policy = { baseDelay: 100, maxDelay: 1000, maxAttempts: 3, random: () => 1 }
  const rows: [string, Answer, number, number, ReturnType<typeof decide>][] = [
    ['200: delivered', { status: 200 }, 5, 0, { kind: 'delivered' }],
    ['204: delivered', { status: 204 }, 5, 2, { kind: 'delivered' }],
    ['413 for several: split', { status: 413 }, 4, 0, { kind: 'split' }],
    [
      '413 for one: dropped as too large',
      { status: 413 },
      1,
      0,
      {
        kind: 'drop',
        reason: 'size',
        message: 'the collector refused an event as too large (413)',
      },
    ],
    [
      '503, first failure: retry after the backoff',
      { status: 503 },
      5,
      0,
      { kind: 'retry', attempt: 1, wait: 100 },
    ],
    [
      '503, second failure: twice the wait',
      { status: 503 },
      5,
      1,
      { kind: 'retry', attempt: 2, wait: 200 },
    ],
    [
      '429 with Retry-After longer than the backoff: obeyed',
      { status: 429, retryAfterMs: 5000 },
      5,
      0,
      { kind: 'retry', attempt: 1, wait: 5000 },
    ],
    [
      '429 with Retry-After 0: the backoff still holds',
      { status: 429, retryAfterMs: 0 },
      5,
      0,
      { kind: 'retry', attempt: 1, wait: 100 },
    ],
    [
      '503 at the last attempt: given up',
      { status: 503 },
      5,
      2,
      { kind: 'drop', reason: 'delivery', message: 'gave up after 3 attempts (last: 503)' },
    ],
    [
      'a network error: retried',
      { error: new Error('ECONNRESET') },
      5,
      0,
      { kind: 'retry', attempt: 1, wait: 100 },
    ],
    [
      'a network error at the last attempt: given up, with the cause',
      { error: new Error('ECONNRESET') },
      5,
      2,
      {
        kind: 'drop',
        reason: 'delivery',
        message: 'gave up after 3 attempts (last: network error: ECONNRESET)',
      },
    ],
    [
      'a redirect: not followed, retried (the events stay)',
      { status: 0, redirect: true },
      5,
      0,
      { kind: 'retry', attempt: 1, wait: 100 },
    ],
    [
      '400: dropped, counted',
      { status: 400 },
      5,
      0,
      {
        kind: 'drop',
        reason: 'delivery',
        message: 'the collector answered 400; 5 event(s) dropped',
      },
    ],
    [
      '501: not worth another try',
      { status: 501 },
      2,
      0,
      {
        kind: 'drop',
        reason: 'delivery',
        message: 'the collector answered 501; 2 event(s) dropped',
      },
    ],
  ]
  it.each(rows)('%s', (_name, answer, events, failures, expected) => {
    expect(decide(answer, events, failures, policy)).toEqual(expected)
  })

  it('retryable statuses', () => {
    const retryable = [
      400, 401, 403, 404, 408, 410, 413, 429, 460, 500, 501, 502, 503, 504, 505, 511, 599,
    ].filter(isRetryable)
    expect(retryable).toEqual([408, 410, 429, 460, 500, 502, 503, 504, 599])
  })
})
