// @vitest-environment node
// What a sender may post as an envelope, and what the collector makes of it: refused with its
// reason (nothing stored for it, the rest of the batch stored), or kept, made storable.
import fc from 'fast-check'
import { createCollector, memoryStore } from 'trackplan/collector'
import { callbackSink, createTracker, type TrackedEvent } from 'trackplan/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readEnvelope } from '../../src/collector/readEnvelope'
import { parseSince } from '../../src/collector/since'
import { MAX_EVENT_BYTES } from '../../src/core/pipeline'
import { MAX_DEPTH } from '../../src/core/properties'
import { utf8Bytes } from '../../src/core/utf8'
import { batchRequest, body, envelope, plan, RECEIVED_AT } from './helpers'

async function post(batch: unknown[], extra: Record<string, unknown> = {}) {
  const store = memoryStore()
  const collector = createCollector({ plan, store, now: () => RECEIVED_AT })
  const response = await collector.handle(batchRequest({ batch, ...extra }))
  const answer = (await body(response)) as {
    accepted: number
    duplicates: number
    rejected: { index: number; messageId?: string; reason: string }[]
  }
  const events = store.events()
  await collector.close()
  return { status: response.status, answer, events }
}

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom'
  for (let i = 0; i < levels; i++) value = { next: value }
  return value
}

describe('an envelope the collector refuses, with its reason', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 'track', /must be an object, got a string/],
    ['an array', [envelope()], /must be an object, got an array/],
    ['null', null, /must be an object, got null/],
    [
      'no messageId',
      envelope({ messageId: undefined }),
      /messageId must be a non-empty string.*none/,
    ],
    [
      'a number messageId',
      envelope({ messageId: 42 }),
      /messageId must be a non-empty string.*a number/,
    ],
    ['a huge messageId', envelope({ messageId: 'm'.repeat(129) }), /129 characters; at most 128/],
    ['an unknown type', envelope({ type: 'click' }), /type must be one of .*"click"/],
    ['no type', envelope({ type: undefined }), /type must be one of .*none/],
    ['a track without event', envelope({ event: undefined }), /needs an event name/],
    ['an empty event name', envelope({ event: '' }), /needs an event name/],
    ['an event name not a string', envelope({ type: 'page', event: 7 }), /event must be a string/],
    ['no identity', envelope({ anonymousId: undefined }), /userId or an anonymousId/],
    ['a number userId', envelope({ userId: 12 }), /userId must be a string or null/],
    ['properties an array', envelope({ properties: [1] }), /properties must be an object/],
    ['properties a string', envelope({ properties: 'pro' }), /properties must be an object/],
    ['context a string', envelope({ context: 'web' }), /context must be an object/],
    [
      'a timestamp not ISO 8601',
      envelope({ timestamp: 'yesterday' }),
      /timestamp must be an ISO 8601/,
    ],
    ['a number timestamp', envelope({ timestamp: 1767348000000 }), /timestamp must be an ISO 8601/],
    [
      'no timestamp, an originalTimestamp not ISO 8601',
      envelope({ timestamp: undefined, originalTimestamp: 'yesterday' }),
      /originalTimestamp must be an ISO 8601/,
    ],
    [
      'a timestamp past 9999',
      envelope({ timestamp: '9999-12-31T23:59:59Z' }),
      /outside years 1–9999/,
    ],
    ['nesting 40 levels deep', envelope({ properties: deep(40) }), /nested deeper than 32 levels/],
    [
      'over 32 KB',
      envelope({ properties: { note: 'x'.repeat(40_000) } }),
      /JSON is over the 32768-byte limit/,
    ],
  ]

  it.each(cases)('%s', async (_name, bad, reason) => {
    const good = envelope()
    const { status, answer, events } = await post([good, bad], {
      // the batch says it was sent 10 s after the skewed timestamp case
      sentAt: '2026-01-02T10:00:00.000Z',
    })
    expect(status).toBe(200)
    expect(answer.accepted).toBe(1)
    expect(answer.rejected).toEqual([
      expect.objectContaining({ index: 1, reason: expect.stringMatching(reason) }),
    ])
    expect(events.map((e) => e.messageId)).toEqual([good.messageId])
  })

  it('names the messageId of a refused envelope when it has a usable one', async () => {
    const { answer } = await post([
      envelope({ messageId: 'bad-type', type: 'click' }),
      envelope({ messageId: 'x'.repeat(500), type: 'click' }),
    ])
    expect(answer.rejected.map((r) => r.messageId)).toEqual(['bad-type', undefined])
    expect(JSON.stringify(answer).length).toBeLessThan(1000)
  })

  it('refuses every envelope of an all-bad batch, storing nothing', async () => {
    const { status, answer, events } = await post([1, 'two', null, [], {}])
    expect(status).toBe(200)
    expect(answer).toMatchObject({ accepted: 0, duplicates: 0 })
    expect(answer.rejected.map((r) => r.index)).toEqual([0, 1, 2, 3, 4])
    expect(events).toEqual([])
  })
})

describe('an envelope the collector keeps', () => {
  it('keeps keys named like Object.prototype members as data, polluting nothing', async () => {
    const hostile = JSON.parse(
      `{"type":"track","event":"Viewed Pricing","messageId":"proto","anonymousId":"a",` +
        `"properties":{"plan":"pro","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}},` +
        `"__proto__":{"type":"identify"},"toString":"no"}`,
    )
    const { answer, events } = await post([hostile])
    expect(answer.accepted).toBe(1)
    const kept = events[0]!.envelope
    expect(Object.hasOwn(kept, '__proto__')).toBe(true)
    expect(Object.hasOwn(kept.properties as object, '__proto__')).toBe(true)
    expect(events[0]!.type).toBe('track')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype)
  })

  it('repairs text a database cannot keep (NUL, lone surrogates) as UTF-8 would: U+FFFD', async () => {
    const { answer, events } = await post([
      envelope({
        messageId: 'nul\u0000id',
        properties: { plan: 'pro', 'k\u0000': 'a\ud800b', emoji: '😀' },
      }),
    ])
    expect(answer.accepted).toBe(1)
    expect(events[0]!.messageId).toBe('nul\ufffdid')
    expect(events[0]!.envelope.properties).toEqual({
      plan: 'pro',
      'k\ufffd': 'a\ufffdb',
      emoji: '😀',
    })
  })

  it('keeps calls other than track, unchecked, with event null', async () => {
    const { answer, events } = await post([
      envelope({ type: 'page', event: undefined, name: 'Pricing', properties: { path: '/p' } }),
      envelope({ type: 'identify', event: undefined, userId: 'u1', traits: { plan: 'pro' } }),
      envelope({ type: 'alias', event: undefined, userId: 'u2', previousId: 'u1' }),
    ])
    expect(answer.accepted).toBe(3)
    expect(events.map((e) => [e.type, e.event, e.violations.length])).toEqual([
      ['page', null, 0],
      ['identify', null, 0],
      ['alias', null, 0],
    ])
  })

  it('a sentAt that is no date: timestamps as given', async () => {
    const { events } = await post([envelope({ timestamp: '2026-01-01T00:00:00.000Z' })], {
      sentAt: { not: 'a date' },
    })
    expect(events[0]!.timestamp).toBe('2026-01-01T00:00:00.000Z')
  })
})

describe('clock skew', () => {
  it("any timestamp and sentAt: corrected by Segment's rule within years 1–9999, else refused", () => {
    const receivedAt = RECEIVED_AT
    const anyDate = fc.date({
      min: new Date(-8.64e15),
      max: new Date(8.64e15),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(anyDate, fc.option(anyDate), (timestamp, sentAt) => {
        const read = readEnvelope(envelope({ timestamp: timestamp.toISOString() }), {
          receivedAt,
          sentAt: sentAt ?? undefined,
        })
        const expected =
          timestamp.getTime() + (sentAt ? receivedAt.getTime() - sentAt.getTime() : 0)
        // Date.UTC(1, 0, 1) would be 1901: years below 100 are read as 19xx
        const inRange =
          expected >= Date.parse('0001-01-01T00:00:00.000Z') && expected < Date.UTC(10000, 0, 1)
        if (read.ok) {
          expect(inRange).toBe(true)
          expect(Date.parse(read.timestamp)).toBe(expected)
          expect(read.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
        } else {
          // a year past 9999 or before 1 is written +0YYYYY/-0YYYYY: no ISO 8601 the checker takes
          expect(read.reason).toMatch(/outside years 1–9999|must be an ISO 8601 date-time/)
          if (/^\d{4}-/.test(timestamp.toISOString())) expect(inRange).toBe(false)
        }
      }),
      { numRuns: 1000 },
    )
  }, 60_000)
})

describe("other senders' envelopes", () => {
  it("RudderStack's JS SDK: properties null is none, its originalTimestamp the sender's clock", async () => {
    // as rudder-sdk-js v3 builds them (packages/analytics-js/src/components/eventManager/utilities.ts)
    const rudder = (extra: Record<string, unknown>) => ({
      channel: 'web',
      messageId: crypto.randomUUID(),
      anonymousId: 'anon-1',
      userId: 'u1',
      event: null,
      properties: null,
      originalTimestamp: '2026-01-02T09:59:00.000Z',
      sentAt: '2026-01-02T10:00:05.000Z',
      integrations: { All: true },
      context: { library: { name: 'RudderLabs JavaScript SDK', version: '3.11.0' } },
      ...extra,
    })
    const { answer, events } = await post(
      [
        rudder({ type: 'track', event: 'Viewed Pricing', properties: { plan: 'pro' } }),
        rudder({ type: 'identify', context: { traits: { email: 'a@b.c' } } }),
        rudder({ type: 'group', groupId: 'g1', traits: { name: 'Acme' } }),
      ],
      { sentAt: '2026-01-02T10:00:05.000Z' },
    )
    expect(answer).toMatchObject({ accepted: 3, rejected: [] })
    // Segment's rule on the sender's clock: 09:59:00 + (10:00:10 received − 10:00:05 sent)
    expect(events.map((e) => e.timestamp)).toEqual(Array(3).fill('2026-01-02T09:59:05.000Z'))
    expect(events[0]!.violations).toEqual([])
    expect(events[1]!.envelope).toMatchObject({ originalTimestamp: '2026-01-02T09:59:00.000Z' })
    expect(events[1]!.envelope).not.toHaveProperty('properties')
  })

  it('a timestamp given wins over an originalTimestamp, which is kept as the sender sent it', () => {
    const read = readEnvelope(
      envelope({
        timestamp: '2026-01-02T10:00:00.000Z',
        originalTimestamp: '2026-01-02T09:00:00.000Z',
      }),
      { receivedAt: RECEIVED_AT, sentAt: new Date('2026-01-02T10:00:05.000Z') },
    )
    expect(read).toMatchObject({
      ok: true,
      timestamp: '2026-01-02T10:00:05.000Z',
      envelope: { originalTimestamp: '2026-01-02T09:00:00.000Z' },
    })
  })
})

describe('times without a zone', () => {
  // Segment's spec: every timestamp is UTC. Node reads TZ afresh when it is set; the test
  // checks that it took, so that it cannot pass in a UTC zone without proving anything.
  let savedZone: string | undefined
  beforeEach(() => {
    savedZone = process.env.TZ
    process.env.TZ = 'America/New_York'
  })
  afterEach(() => {
    if (savedZone === undefined) delete process.env.TZ
    else process.env.TZ = savedZone
  })

  it.each([
    '2026-12-05T10:00:00',
    '2026-12-05 10:00:00',
    '2026-12-05T10:00',
    '2026-12-05T10:00:00.5',
  ])("%s is read as UTC whatever the collector's zone", (given) => {
    expect(new Date(2026, 11, 5).getTimezoneOffset()).toBe(300)
    const read = readEnvelope(envelope({ timestamp: given }), {
      receivedAt: new Date('2026-12-05T12:00:00Z'),
      sentAt: undefined,
    })
    expect(read).toMatchObject({ ok: true })
    expect((read as { timestamp: string }).timestamp.slice(0, 16)).toBe('2026-12-05T10:00')
    expect(parseSince(given, new Date())?.toISOString().slice(0, 16)).toBe('2026-12-05T10:00')
  })
})

describe('what the tracker builds, the collector takes', () => {
  it('properties nested as deep as the tracker keeps them', async () => {
    const built: TrackedEvent[] = []
    const tracker = createTracker({ sinks: [callbackSink((event) => void built.push(event))] })
    // deeper than the tracker's cap: it keeps its deepest and cuts the rest
    tracker.track('Viewed Pricing', { plan: 'pro', nested: deep(MAX_DEPTH + 8) as object })
    await tracker.flush()
    expect(JSON.stringify(built[0]!.properties)).toContain('[Truncated]')
    const { answer } = await post(JSON.parse(JSON.stringify(built)) as unknown[])
    expect(answer).toMatchObject({ accepted: 1, rejected: [] })
  })

  it("an event at the size limit, kept and forwarded within it: the sender's timestamp kept where it fits", async () => {
    const built: TrackedEvent[] = []
    const tracker = createTracker({ sinks: [callbackSink((event) => void built.push(event))] })
    const room = (properties: object) => ({ plan: 'pro', ...properties })
    tracker.track('Viewed Pricing', room({ blob: '' }))
    await tracker.flush()
    const blob = 'x'.repeat(MAX_EVENT_BYTES - utf8Bytes(JSON.stringify(built[0])))
    tracker.track('Viewed Pricing', room({ blob }))
    tracker.track('Viewed Pricing', room({ blob: blob.slice(100) }))
    await tracker.flush()
    const [atLimit, smaller] = built.slice(1).map((e) => JSON.parse(JSON.stringify(e)) as object)
    expect(utf8Bytes(JSON.stringify(atLimit))).toBe(MAX_EVENT_BYTES)
    // the sender's clock 2 s behind: the collector corrects the timestamp
    const sentAt = new Date(RECEIVED_AT.getTime() - 2000).toISOString()
    const { answer, events } = await post([atLimit, smaller], { sentAt })
    expect(answer).toMatchObject({ accepted: 2, rejected: [] })
    for (const { envelope: kept } of events)
      expect(utf8Bytes(JSON.stringify(kept))).toBeLessThanOrEqual(MAX_EVENT_BYTES)
    expect(events[0]!.envelope).not.toHaveProperty('originalTimestamp')
    expect(events[1]!.envelope).toHaveProperty('originalTimestamp')
  })

  it('an envelope that outgrows the limit once its timestamp is written in full is refused', async () => {
    const big = envelope({ timestamp: undefined, properties: { plan: 'pro', blob: '' } })
    ;(big.properties as { blob: string }).blob = 'x'.repeat(
      MAX_EVENT_BYTES - 10 - JSON.stringify(big).length,
    )
    const { answer } = await post([big])
    expect(answer.rejected).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/over the 32768-byte limit/) }),
    ])
  })
})
