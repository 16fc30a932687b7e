import { expect, it } from 'vitest'
import type { Store, StoredEvent } from '../../src/collector/store'

/** A stored event with everything filled in; `overrides` win. */
export const storedEvent = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  messageId: overrides.messageId ?? `m-${Math.random().toString(36).slice(2)}`,
  type: 'track',
  event: 'Viewed Pricing',
  envelope: { type: 'track', event: 'Viewed Pricing', properties: { plan: 'pro' } },
  receivedAt: '2026-01-02T10:00:00.000Z',
  timestamp: '2026-01-02T09:59:59.000Z',
  planVersion: 'v1',
  violations: [],
  status: 'accepted',
  ...overrides,
})

/**
 * The Store contract, as the collector's handler relies on it: each event once per
 * messageId, outbox rows for accepted events only, held items not taken twice, stats.
 * `make` returns a fresh, empty store.
 */
export function storeContract(make: () => Promise<Store> | Store): void {
  const opened = async (): Promise<Store> => {
    const store = await make()
    await store.open()
    return store
  }

  it('stores each event once per messageId: a retried batch answers duplicates', async () => {
    const store = await opened()
    const a = storedEvent({ messageId: 'a' })
    const b = storedEvent({ messageId: 'b' })
    expect(await store.insertBatch([a, b], { outbox: false })).toEqual({
      inserted: ['a', 'b'],
      duplicates: [],
    })
    const again = await store.insertBatch([b, storedEvent({ messageId: 'c' })], { outbox: false })
    expect(again).toEqual({ inserted: ['c'], duplicates: ['b'] })
    await store.close()
  })

  it('keeps an outbox row for each accepted event stored now, never for a blocked one', async () => {
    const store = await opened()
    await store.insertBatch(
      [
        storedEvent({ messageId: 'a' }),
        storedEvent({ messageId: 'b', status: 'blocked' }),
        storedEvent({ messageId: 'c' }),
      ],
      { outbox: true },
    )
    await store.insertBatch([storedEvent({ messageId: 'a' })], { outbox: true })
    const taken = await store.takeOutbox(10)
    expect(taken.map((item) => item.messageId)).toEqual(['a', 'c'])
    expect(taken[0]).toMatchObject({ attempts: 0, envelope: { event: 'Viewed Pricing' } })
    // held: not taken again until finished or failed
    expect(await store.takeOutbox(10)).toEqual([])
    await store.failOutbox([taken[0]!.id], 'the sink refused it')
    await store.finishOutbox([taken[1]!.id])
    const retried = await store.takeOutbox(10)
    expect(retried.map((item) => [item.messageId, item.attempts])).toEqual([['a', 1]])
    await store.close()
  })

  it('takes a failed item again only once its wait is over, and the items behind it meanwhile', async () => {
    const store = await opened()
    await store.insertBatch(
      ['refused', 'b', 'c'].map((messageId) => storedEvent({ messageId })),
      { outbox: true },
    )
    const [refused] = await store.takeOutbox(1)
    await store.failOutbox([refused!.id], 'HTTP 400', 300)
    expect((await store.takeOutbox(10)).map((item) => item.messageId)).toEqual(['b', 'c'])
    await new Promise((resolve) => setTimeout(resolve, 450))
    expect(await store.takeOutbox(10)).toEqual([{ ...refused, attempts: 1 }])
    await store.close()
  })

  it('takes at most `limit` outbox items, oldest first', async () => {
    const store = await opened()
    const batch = ['1', '2', '3', '4', '5'].map((messageId) => storedEvent({ messageId }))
    await store.insertBatch(batch, { outbox: true })
    expect((await store.takeOutbox(2)).map((i) => i.messageId)).toEqual(['1', '2'])
    expect((await store.takeOutbox(2)).map((i) => i.messageId)).toEqual(['3', '4'])
    await store.close()
  })

  it('counts per type, event and plan version, violations by kind, since a time', async () => {
    const store = await opened()
    const violation = (kind: string) => ({ kind, path: '/properties/plan', message: kind })
    await store.insertBatch(
      [
        storedEvent({ messageId: 'a', receivedAt: '2026-01-01T00:00:00.000Z' }),
        storedEvent({
          messageId: 'b',
          violations: [violation('type'), violation('type'), violation('missing')],
          receivedAt: '2026-01-03T00:00:00.000Z',
        }),
        storedEvent({ messageId: 'c', planVersion: 'v2' }),
        storedEvent({ messageId: 'd', type: 'page', event: null, envelope: { type: 'page' } }),
      ],
      { outbox: false },
    )
    const stats = await store.stats({})
    const row = stats.find((s) => s.event === 'Viewed Pricing' && s.planVersion === 'v1')
    expect(row).toMatchObject({
      type: 'track',
      count: 2,
      violating: 1,
      byKind: { type: 2, missing: 1 },
    })
    expect(Date.parse(row!.firstSeen)).toBe(Date.parse('2026-01-01T00:00:00.000Z'))
    expect(Date.parse(row!.lastSeen)).toBe(Date.parse('2026-01-03T00:00:00.000Z'))
    expect(stats.find((s) => s.type === 'page')).toMatchObject({ event: null, count: 1 })
    expect(stats).toHaveLength(3)
    const recent = await store.stats({ since: new Date('2026-01-02T00:00:00.000Z') })
    expect(recent.reduce((n, s) => n + s.count, 0)).toBe(3)
    await store.close()
  })

  it('keeps envelopes with any JSON, prototype-named keys included', async () => {
    const store = await opened()
    const envelope = JSON.parse(
      '{"type":"track","event":"x","properties":{"__proto__":{"polluted":1},"constructor":"c","deep":[[{"a":null}]]}}',
    )
    await store.insertBatch([storedEvent({ messageId: 'p', envelope })], { outbox: true })
    const [item] = await store.takeOutbox(1)
    expect(JSON.stringify(item!.envelope)).toBe(JSON.stringify(envelope))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    await store.close()
  })
}
