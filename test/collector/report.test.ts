// @vitest-environment node
import { buildReport, formatReport, type EventStats } from 'trackplan/collector'
import { describe, expect, it } from 'vitest'
import { parseSince } from '../../src/collector/since'
import { planVersion } from '../../src/collector/planVersion'
import { plan } from './helpers'

const row = (overrides: Partial<EventStats>): EventStats => ({
  type: 'track',
  event: 'Viewed Pricing',
  planVersion: 'aaaaaaaaaaaa',
  count: 10,
  violating: 0,
  byKind: {},
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-01-02T00:00:00.000Z',
  ...overrides,
})

const stats: EventStats[] = [
  row({ count: 90, violating: 9, byKind: { enum: 6, missing: 4 } }),
  row({
    planVersion: 'bbbbbbbbbbbb',
    count: 10,
    violating: 1,
    byKind: { enum: 1 },
    firstSeen: '2026-01-03T00:00:00.000Z',
    lastSeen: '2026-01-04T00:00:00.000Z',
  }),
  row({ event: 'Completed Purchase', count: 5 }),
  row({ event: 'signed_up', count: 7, violating: 7, byKind: { unplanned: 7, naming: 7 } }),
  row({ event: 'Debug Ping', count: 3, violating: 3, byKind: { unplanned: 3 } }),
  row({
    event: 'signed_up',
    planVersion: 'bbbbbbbbbbbb',
    count: 1,
    violating: 1,
    byKind: { unplanned: 1 },
  }),
  row({ type: 'page', event: null, count: 40 }),
  row({ type: 'identify', event: null, count: 2 }),
]

describe('buildReport', () => {
  const report = buildReport(stats, plan, {
    since: new Date('2026-01-01T00:00:00.000Z'),
    planVersion: 'bbbbbbbbbbbb',
  })

  it("per planned event: volume, violation rate by kind, per plan version; the plan's order", () => {
    expect(report.planned.map((e) => e.event)).toEqual([
      'Viewed Pricing',
      'Signed Up',
      'Completed Purchase',
    ])
    expect(report.planned[0]).toEqual({
      event: 'Viewed Pricing',
      count: 100,
      violating: 10,
      violationRate: 0.1,
      byKind: { enum: { count: 7, rate: 0.07 }, missing: { count: 4, rate: 0.04 } },
      byVersion: {
        aaaaaaaaaaaa: { count: 90, violating: 9 },
        bbbbbbbbbbbb: { count: 10, violating: 1 },
      },
      firstSeen: '2026-01-01T00:00:00.000Z',
      lastSeen: '2026-01-04T00:00:00.000Z',
    })
  })

  it('planned events never seen; unplanned ones with counts and the planned names they are near', () => {
    expect(report.neverSeen).toEqual(['Signed Up'])
    expect(report.unplanned).toEqual([
      expect.objectContaining({ event: 'signed_up', count: 8, near: ['Signed Up'] }),
      expect.objectContaining({ event: 'Debug Ping', count: 3, near: [] }),
    ])
    expect(report.calls).toEqual([
      { type: 'page', count: 40 },
      { type: 'identify', count: 2 },
    ])
  })

  it('plan versions, the latest first, the current one marked', () => {
    expect(report.versions.map((v) => [v.planVersion, v.current, v.count])).toEqual([
      ['bbbbbbbbbbbb', true, 11],
      ['aaaaaaaaaaaa', false, 147],
    ])
    expect(report.total).toMatchObject({ count: 158, violating: 21 })
  })

  it('lists the 100 most frequent unplanned names, and counts the rest', () => {
    const many = Array.from({ length: 150 }, (_, i) =>
      row({ event: `Made Up ${i}`, count: i + 1, violating: i + 1, byKind: { unplanned: i + 1 } }),
    )
    const big = buildReport(many, plan)
    expect(big.unplanned).toHaveLength(100)
    expect(big.unplanned[0]).toMatchObject({ event: 'Made Up 149', count: 150 })
    expect(big.moreUnplanned).toEqual({ names: 50, count: (50 * 51) / 2 })
  })

  it('reads with no events at all', () => {
    const empty = buildReport([], plan)
    expect(empty.neverSeen).toHaveLength(3)
    expect(formatReport(empty, 'text')).toContain('none yet: no events received')
  })
})

describe('formatReport', () => {
  const report = buildReport(stats, plan, {
    since: new Date('2026-01-01T00:00:00.000Z'),
    planVersion: 'bbbbbbbbbbbb',
  })

  it('text: one line per planned event, never seen, unplanned with near names, versions', () => {
    expect(formatReport(report, 'text').split('\n')).toEqual([
      'trackplan report: 158 events, 13.3% violating (unplanned 11, enum 7, naming 7, missing 4), since 2026-01-01T00:00:00.000Z (plan bbbbbbbbbbbb)',
      '',
      'Planned events: 2 of 3 seen',
      '  Viewed Pricing      100 events, 10% violating (enum 7, missing 4)',
      '  Completed Purchase  5 events, no violations',
      '  never seen: Signed Up',
      '',
      'Unplanned events: 2',
      '  signed_up  8  (near "Signed Up")',
      '  Debug Ping  3',
      '',
      'Other calls: page 40, identify 2',
      '',
      'Plan versions:',
      '  bbbbbbbbbbbb (current)  11 events, 18.2% violating (enum 1, unplanned 1), 2026-01-01T00:00:00.000Z → 2026-01-04T00:00:00.000Z',
      '  aaaaaaaaaaaa  147 events, 12.9% violating (unplanned 10, naming 7, enum 6, missing 4), 2026-01-01T00:00:00.000Z → 2026-01-02T00:00:00.000Z',
      '',
    ])
  })

  it('markdown: tables a pull request can show; names with pipes escaped', () => {
    const withPipe = buildReport([row({ event: 'a|b', count: 1 })], plan)
    const markdown = formatReport(report, 'markdown')
    expect(markdown).toContain('| Viewed Pricing | 100 | 10% | enum 7, missing 4 |')
    expect(markdown).toContain('| signed_up | 8 | Signed Up |')
    expect(formatReport(withPipe, 'markdown')).toContain('| a\\|b | 1 |  |')
  })

  it('json: the report itself', () => {
    expect(JSON.parse(formatReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)))
  })
})

describe('parseSince', () => {
  const now = new Date('2026-01-08T00:00:00.000Z')
  it.each([
    ['7d', '2026-01-01T00:00:00.000Z'],
    ['24h', '2026-01-07T00:00:00.000Z'],
    ['30m', '2026-01-07T23:30:00.000Z'],
    ['2w', '2025-12-25T00:00:00.000Z'],
    ['2026-01-05', '2026-01-05T00:00:00.000Z'],
    ['2026-01-05T12:00:00Z', '2026-01-05T12:00:00.000Z'],
  ])('%s', (text, expected) => {
    expect(parseSince(text, now)?.toISOString()).toBe(expected)
  })
  it.each(['', 'soon', '7', '7y', '-1d', 'March 7'])('%j is no time', (text) => {
    expect(parseSince(text, now)).toBeUndefined()
  })
})

describe('planVersion', () => {
  it('is the same for the same plan, written in any key order; another for a changed plan', async () => {
    const reordered = JSON.parse(JSON.stringify({ events: plan.events, naming: plan.naming }))
    expect(await planVersion(plan)).toBe(await planVersion(reordered))
    expect(await planVersion(plan)).toMatch(/^[0-9a-f]{12}$/)
    const changed = {
      ...plan,
      events: {
        ...plan.events,
        'Viewed Pricing': { properties: { plan: { type: 'string' as const } } },
      },
    }
    expect(await planVersion(changed)).not.toBe(await planVersion(plan))
  })
})
