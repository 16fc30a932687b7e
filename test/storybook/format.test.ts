import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineTrackingPlan, type EventInfo, type TrackedEvent } from 'trackplan'
import {
  collapseRepeats,
  keyProperties,
  matches,
  sessionCsv,
  testSnippet,
} from '../../src/panel/components/format'
import { describePlan, statusOf } from '../../src/panel/model'
import { session } from '../../src/storybook/containers/store'
import { sampleEvents } from '../../stories/addon/sampleSession'

const info = (over: Partial<EventInfo> = {}): EventInfo => ({ violations: [], ...over })

describe('the panel’s formatting', () => {
  it('statusOf: valid, violation, unplanned, dropped, or no plan', () => {
    const v = (kind: string, message = kind) => ({ kind, event: 'E', message })
    expect(statusOf(info(), true)).toEqual({ status: 'valid', reasons: [] })
    expect(statusOf(info(), false)).toEqual({ status: 'no plan', reasons: [] })
    expect(statusOf(info({ violations: [v('enum', 'bad plan')] }), true)).toEqual({
      status: 'violation',
      reasons: ['bad plan'],
    })
    expect(statusOf(info({ violations: [v('unplanned', 'not planned')] }), true).status).toBe(
      'unplanned',
    )
    expect(statusOf(info({ dropped: 'consent' }), true)).toEqual({
      status: 'dropped',
      reasons: ['dropped: consent'],
    })
    expect(
      statusOf(info({ dropped: 'validation', violations: [v('missing', 'missing x')] }), true)
        .status,
    ).toBe('violation')
  })

  it('collapses consecutive repeats, newest first', () => {
    const rows = collapseRepeats(sampleEvents)
    expect(rows.map((r) => [r.item.event.event, r.count])).toEqual([
      ['Completed Purchase', 1],
      ['Opened Chat', 1],
      ['Started Checkout', 1],
      ['Added to Cart', 1],
      ['Added to Cart', 1],
      ['Clicked Plan', 1],
      ['Clicked Plan', 2],
      ['Viewed Pricing', 1],
    ])
  })

  it('key properties, filtering, and the CSV export', () => {
    expect(keyProperties(sampleEvents[1]!.event)).toBe('plan=team · section=pricing')
    expect(
      sampleEvents.filter((e) => matches(e, 'VIOLATION')).map((e) => e.event.properties.plan),
    ).toEqual(['enterprise'])
    const csv = sessionCsv(sampleEvents.slice(3, 4)).trim().split('\n')
    expect(csv[0]).toBe(
      'timestamp,type,event,status,reasons,properties,userId,anonymousId,messageId',
    )
    expect(csv[1]).toContain(
      ',track,Clicked Plan,violation,"""Clicked Plan"": property ""plan"" must be one of ',
    )
    expect(csv[1]).toContain(',"{""plan"":""enterprise""}",,anon-7,sample-4')
  })

  it('describes a plan as plain data, Standard Schema validators by vendor', () => {
    const plan = defineTrackingPlan({
      naming: 'verb-noun',
      events: {
        'Viewed Pricing': {
          owner: 'growth',
          properties: {
            plan: { type: 'string', enum: ['free', 'pro'], required: true },
            price: z.number(),
          },
        },
      },
    })
    expect(describePlan(plan)).toEqual({
      naming: 'verb-noun',
      events: [
        {
          name: 'Viewed Pricing',
          owner: 'growth',
          properties: [
            { name: 'plan', type: 'string', required: true, allowed: 'free, pro' },
            { name: 'price', type: 'zod schema', required: true },
          ],
        },
      ],
    })
  })

  it('the session store keeps the log across stories until cleared, and pauses', () => {
    session.clear()
    session.add(sampleEvents[0]!)
    session.pause(true)
    session.add(sampleEvents[1]!)
    session.pause(false)
    session.add(sampleEvents[2]!)
    expect(session.get().events.map((e) => e.event.messageId)).toEqual(['sample-1', 'sample-3'])
    session.clear()
    expect(session.get().events).toEqual([])
  })
})

describe('testSnippet ("Copy as test")', () => {
  const base = {
    messageId: 'm',
    anonymousId: 'a',
    userId: null,
    timestamp: '2026-01-01T00:00:00.000Z',
    context: {},
  } as unknown as TrackedEvent
  it('a track event: a toHaveTracked assertion with its properties as JavaScript', () => {
    expect(
      testSnippet({
        ...base,
        type: 'track',
        event: 'Clicked Plan',
        properties: { plan: 'pro', seats: 3, 'utm-source': "it's", tags: ['a'] },
      }),
    ).toBe(
      "expect(tracking).toHaveTracked('Clicked Plan', { plan: 'pro', seats: 3, 'utm-source': 'it\\'s', tags: ['a'] })",
    )
    expect(testSnippet({ ...base, type: 'track', event: 'Opened Help', properties: {} })).toBe(
      "expect(tracking).toHaveTracked('Opened Help')",
    )
  })
  it('identify and page: the envelope among the events', () => {
    expect(testSnippet({ ...base, type: 'identify', userId: 'u1', properties: {} })).toBe(
      "expect(tracking.events()).toContainEqual(expect.objectContaining({ type: 'identify', userId: 'u1' }))",
    )
  })
})
