// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/collector/store'
import { storeContract, storedEvent } from './storeContract'

describe('memoryStore: the Store contract', () => {
  storeContract(() => memoryStore())
})

describe('memoryStore', () => {
  it('refuses work before open() and after close(), and keeps its data for a later open()', async () => {
    const store = memoryStore()
    await expect(store.insertBatch([storedEvent()], { outbox: true })).rejects.toThrow(/open\(\)/)
    await store.open()
    await store.insertBatch([storedEvent({ messageId: 'kept' })], { outbox: true })
    const [held] = await store.takeOutbox(1)
    await store.close()
    await expect(store.stats({})).rejects.toThrow(/open\(\)/)
    await store.open()
    // what a closed collector held is released, as a database's transaction ends
    expect((await store.takeOutbox(1)).map((i) => i.id)).toEqual([held!.id])
    expect(store.events().map((e) => e.messageId)).toEqual(['kept'])
  })

  it('gives copies: what callers change later is not what it holds', async () => {
    const store = memoryStore()
    await store.open()
    const event = storedEvent({ messageId: 'a' })
    await store.insertBatch([event], { outbox: false })
    event.envelope.event = 'changed'
    store.events()[0]!.envelope.event = 'changed too'
    expect(store.events()[0]!.envelope.event).toBe('Viewed Pricing')
  })
})
