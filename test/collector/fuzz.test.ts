// @vitest-environment node
// Whatever a sender posts, the collector answers: never a 500, never a throw; a 200 accounts
// for every envelope (accepted + duplicates + rejected = the batch), the store holds exactly
// what was accepted, and a refused request stores nothing.
import fc from 'fast-check'
import { createCollector, memoryStore, type CollectorMode } from 'trackplan/collector'
import { describe, expect, it, vi } from 'vitest'
import { batchRequest, envelope, plan, RECEIVED_AT } from './helpers'

const RUNS = 1000
// 1,000 batches each, on a shared 2-core machine
vi.setConfig({ testTimeout: 30_000 })

/** Posts `text` to a fresh collector and checks the invariants; returns the status. */
async function postAndCheck(text: string, mode: CollectorMode = 'observe'): Promise<number> {
  const store = memoryStore()
  const errors: Error[] = []
  const collector = createCollector({
    plan,
    store,
    mode,
    now: () => RECEIVED_AT,
    onError: (error) => errors.push(error),
  })
  const response = await collector.handle(
    batchRequest(text, { headers: { 'content-type': 'text/plain' } }),
  )
  expect(response.status).not.toBe(500)
  expect(errors).toEqual([])
  const answer = (await response.json()) as {
    accepted: number
    duplicates: number
    rejected: unknown[]
  }
  const stored = store.events()
  if (response.status === 200) {
    const sent = (JSON.parse(text) as { batch: unknown[] }).batch
    expect(answer.accepted + answer.duplicates + answer.rejected.length).toBe(sent.length)
    expect(stored).toHaveLength(answer.accepted)
  } else expect(stored).toEqual([])
  await collector.close()
  return response.status
}

/** Keys a prototype-minded sender picks. */
const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'then',
  'plan',
  'type',
  'messageId',
  '',
)

/** An object with own keys, `__proto__` included (Object.fromEntries defines them). */
const objectOf = (value: fc.Arbitrary<unknown>) =>
  fc
    .array(fc.tuple(fc.oneof(hostileKey, fc.string({ maxLength: 8 })), value), { maxLength: 5 })
    .map((entries) => Object.fromEntries(entries))

const nested = fc
  .tuple(fc.integer({ min: 1, max: 80 }), fc.jsonValue({ maxDepth: 1 }))
  .map(([levels, bottom]) => {
    let value: unknown = bottom
    for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { n: value }
    return value
  })

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  nested,
  fc.constant('x'.repeat(33_000)),
  fc.constant('\u0000\ud800'),
  fc.string({ unit: 'binary', maxLength: 10 }),
  objectOf(fc.jsonValue({ maxDepth: 1 })),
)

/** An envelope: a good one with some fields replaced by anything, or anything at all. */
const anyEnvelope: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(null).map(() => envelope()), weight: 2 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'type',
          'event',
          'messageId',
          'properties',
          'timestamp',
          'userId',
          'anonymousId',
          'context',
          '__proto__',
        ),
        oddValue,
      )
      .map(([field, value]) => Object.fromEntries([...Object.entries(envelope()), [field, value]])),
    weight: 4,
  },
  {
    arbitrary: objectOf(oddValue).map((properties) => envelope({ properties })),
    weight: 2,
  },
  {
    // closed events: unexpected keys (prototype names too) that strip mode removes
    arbitrary: fc
      .tuple(
        fc.constantFrom('Signed Up', 'signed_up', 'Viewed Pricing', 'Debug'),
        objectOf(fc.jsonValue({ maxDepth: 1 })),
        objectOf(fc.jsonValue({ maxDepth: 1 })),
      )
      .map(([event, extra, address]) =>
        envelope({
          event,
          properties: { method: 'sso', ...extra, address: { ...address, city: 'Oslo' } },
        }),
      ),
    weight: 2,
  },
  { arbitrary: oddValue, weight: 1 },
)

/** A batch of envelopes, some repeated (the same messageId twice). */
const batchBody = fc
  .tuple(
    fc.array(anyEnvelope, { maxLength: 12 }),
    fc.array(fc.nat(), { maxLength: 3 }),
    fc.option(fc.oneof(fc.constant('2026-01-02T09:00:00.000Z'), fc.jsonValue({ maxDepth: 1 }))),
  )
  .map(([batch, repeats, sentAt]) => {
    const withRepeats = [...batch]
    for (const index of repeats) if (batch.length) withRepeats.push(batch[index % batch.length])
    return JSON.stringify(sentAt === null ? { batch: withRepeats } : { batch: withRepeats, sentAt })
  })

describe('the collector under fuzzed input', () => {
  it('answers any JSON or text body without a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything().map((value) => JSON.stringify(value) ?? 'undefined'),
          fc.json(),
          fc.string({ unit: 'binary' }),
          fc.anything().map((value) => `{"batch":${JSON.stringify([value]) ?? '[]'}}`),
        ),
        async (text) => {
          await postAndCheck(text)
        },
      ),
      { numRuns: RUNS },
    )
  }, 60_000)

  it('accounts for every envelope of mixed good and bad batches, in every mode', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchBody,
        fc.constantFrom<CollectorMode>('observe', 'block', 'strip'),
        async (text, mode) => {
          expect(await postAndCheck(text, mode)).toBe(200)
        },
      ),
      { numRuns: RUNS },
    )
  }, 60_000)
})
