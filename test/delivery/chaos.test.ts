// @vitest-environment node
// 10,000 events through a collector that fails at random — 500s, 429s, dropped connections,
// batches stored but never answered, requests that hang, redirects —
// with a page reload in the middle. Every messageId tracked must arrive; duplicates are a figure.
import { describe, expect, it } from 'vitest'
import { createTracker, httpSink } from 'trackplan/core'
import { MapStorage, startCollector, type Answer } from './collector'

/** A seeded PRNG (mulberry32): the same chaos on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('chaos', () => {
  it('10,000 events, a collector failing at random, a reload in the middle: nothing lost', async () => {
    const roll = random(20261126)
    const counts = { ok: 0, 500: 0, 429: 0, destroy: 0, storedThenDestroy: 0, hang: 0, redirect: 0 }
    const collector = await startCollector((): Answer => {
      const r = roll()
      if (r < 0.2) return (counts[500]++, { status: 500 })
      if (r < 0.3) return (counts[429]++, { status: 429 })
      if (r < 0.4) return (counts.destroy++, 'destroy')
      if (r < 0.45) return (counts.storedThenDestroy++, 'store-then-destroy')
      if (r < 0.48) return (counts.hang++, 'hang')
      if (r < 0.53) return (counts.redirect++, { status: 307, headers: { Location: '/elsewhere' } })
      counts.ok++
      return { status: 200 }
    })
    const storage = new MapStorage()
    // small bodies: a backlog grows batches up to maxBatchBytes, and the chaos needs many requests
    const options = {
      url: collector.url,
      persist: storage,
      batchSize: 100,
      maxBatchBytes: 16_000,
      maxQueueSize: 20_000,
      flushInterval: 5,
      orphanAfter: 50,
      timeout: 100,
      retry: { baseDelay: 1, maxDelay: 10, maxAttempts: 1000 },
    }
    const tracked = new Set<string>()

    const page1Sink = httpSink({ ...options, tabId: 'page-1' })
    const page1 = createTracker({ storage: 'memory', sinks: [page1Sink], onError: () => {} })
    for (let i = 0; i < 5000; i++) {
      tracked.add(page1.track('Clicked Button', { i })!.messageId)
      if (i % 250 === 0) await new Promise((r) => setTimeout(r, 1))
    }
    await new Promise((r) => setTimeout(r, 5))
    // the reload: page 1 stops dead, whatever it had not yet delivered left in storage
    page1Sink.stop()
    await new Promise((r) => setTimeout(r, 100))

    const page2 = createTracker({
      storage: 'memory',
      sinks: [httpSink({ ...options, tabId: 'page-2' })],
      onError: () => {},
    })
    for (let i = 5000; i < 10_000; i++) {
      tracked.add(page2.track('Clicked Button', { i })!.messageId)
      if (i % 250 === 0) await new Promise((r) => setTimeout(r, 1))
    }
    await page2.flush()
    await new Promise((r) => setTimeout(r, 50))
    await page2.flush()

    const received = collector.accepted().map((e) => e.messageId)
    const unique = new Set(received)
    const duplicates = received.length - unique.size
    console.log(
      `chaos: ${tracked.size} tracked, ${unique.size} received, ${duplicates} duplicates (${((duplicates / tracked.size) * 100).toFixed(2)} %), over ${collector.requests.length} requests: ${JSON.stringify(counts)}`,
    )
    expect(unique.size).toBe(10_000)
    expect([...tracked].every((id) => unique.has(id))).toBe(true)
    expect(counts[500] + counts[429] + counts.destroy).toBeGreaterThan(20)
    expect(counts.hang).toBeGreaterThan(2)
    expect(counts.redirect).toBeGreaterThan(2)
    // duplicates only ever carry the same messageId: every request to the collector's own path
    expect(collector.requests.every((r) => r.path === '/v1/batch' && r.method === 'POST')).toBe(
      true,
    )
    expect(duplicates).toBeGreaterThan(0) // stored-then-dropped batches are sent again: at-least-once
    await page2.close()
    await collector.close()
  }, 60_000)
})
