// @vitest-environment node
// What a sender may post as an envelope, and what the collector makes of it: refused with its
// reason (nothing stored for it, the rest of the batch stored), or kept, made storable.
import fc from 'fast-check'
import { createCollector, memoryStore } from 'trackplan/collector'
import { describe, expect, it } from 'vitest'
import { readEnvelope } from '../../src/collector/readEnvelope'
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
    ['properties null', envelope({ properties: null }), /properties must be an object/],
    ['context a string', envelope({ context: 'web' }), /context must be an object/],
    [
      'a timestamp not ISO 8601',
      envelope({ timestamp: 'yesterday' }),
      /timestamp must be an ISO 8601/,
    ],
    ['a number timestamp', envelope({ timestamp: 1767348000000 }), /timestamp must be an ISO 8601/],
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
        const inRange = expected >= Date.UTC(1, 0, 1) && expected < Date.UTC(10000, 0, 1)
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
