// @vitest-environment node
// Where the collector meets other people's code: browsers posting from the collector's own
// origin, Segment's analytics.js (its /v1/b and single-call routes), the HTTP API's single
// calls, HEAD probes, proxies' absolute-form request targets, origins typed with a slash,
// repeated CLI options, and a build that must not open the database.
import { createServer, request as nodeRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCollector, memoryStore, toNodeListener, type Store } from 'trackplan/collector'
import { describe, expect, it } from 'vitest'
import { collectCommand } from '../../src/cli/commands/collect'
import { listOption } from '../../src/cli/collectorStore'
import { parseArgs } from '../../src/cli/parseArgs'
import { parseSince } from '../../src/collector/since'
import { batchRequest, envelope, plan, RECEIVED_AT, collectorsClosedAfterEach } from './helpers'

const { setup, closeAfter } = collectorsClosedAfterEach()

describe('origins', () => {
  it("takes a browser's POST from the collector's own origin whatever allowedOrigins lists", async () => {
    const { store, collector } = setup({ allowedOrigins: ['https://www.example.com'] })
    const response = await collector.handle(
      batchRequest({ batch: [envelope()] }, { headers: { origin: 'http://collector.test' } }),
    )
    expect(response.status).toBe(200)
    expect(store.events()).toHaveLength(1)
    // another origin is still refused
    const elsewhere = await collector.handle(
      batchRequest({ batch: [envelope()] }, { headers: { origin: 'https://evil.test' } }),
    )
    expect(elsewhere.status).toBe(403)
  })

  it('reads an allowed origin typed as an address (a trailing slash, a path) as its origin', async () => {
    const { collector } = setup({
      allowedOrigins: ['http://localhost:5173/', 'https://app.test/home'],
    })
    for (const origin of ['http://localhost:5173', 'https://app.test']) {
      const response = await collector.handle(
        batchRequest({ batch: [envelope()] }, { headers: { origin } }),
      )
      expect(response.status).toBe(200)
      expect(response.headers.get('access-control-allow-origin')).toBe(origin)
    }
  })
})

describe("Segment's analytics.js and HTTP API", () => {
  it('takes analytics.js batches at /v1/b (text/plain, writeKey in the body)', async () => {
    const { store, collector } = setup({ writeKeys: ['key_web'] })
    const response = await collector.handle(
      batchRequest(
        JSON.stringify({ batch: [envelope()], sentAt: RECEIVED_AT, writeKey: 'key_web' }),
        { path: '/v1/b', headers: { 'content-type': 'text/plain' } },
      ),
    )
    expect(response.status).toBe(200)
    expect(store.events()).toHaveLength(1)
  })

  it('takes single calls at /v1/t, /v1/p, /v1/i … and /v1/track, /v1/identify …, the type from the path when absent', async () => {
    const { store, collector } = setup({ writeKeys: ['key_web'] })
    const single = async (path: string, call: Record<string, unknown>) =>
      collector.handle(
        batchRequest(JSON.stringify({ ...call, writeKey: 'key_web', sentAt: RECEIVED_AT }), {
          path,
          headers: { 'content-type': 'text/plain' },
        }),
      )
    const track = envelope({ messageId: 't1' })
    expect((await single('/v1/t', track)).status).toBe(200)
    const { type: _type, event: _event, ...identify } = envelope({ messageId: 'i1', userId: 'u1' })
    expect((await single('/v1/identify', { ...identify, traits: { plan: 'pro' } })).status).toBe(
      200,
    )
    const bad = await single('/v1/p', envelope({ messageId: 'p1', type: 'page', name: 'Home' }))
    expect(bad.status).toBe(200)
    const stored = store.events()
    expect(stored.map((e) => [e.messageId, e.type])).toEqual([
      ['t1', 'track'],
      ['i1', 'identify'],
      ['p1', 'page'],
    ])
    // the write key is a credential: never stored with the event
    expect(JSON.stringify(stored)).not.toContain('key_web')
    const unknownKey = await collector.handle(
      batchRequest(JSON.stringify({ ...envelope(), writeKey: 'other' }), { path: '/v1/t' }),
    )
    expect(unknownKey.status).toBe(401)
  })

  it('refuses a single call that is not an object, storing nothing', async () => {
    const { store, collector } = setup()
    const response = await collector.handle(batchRequest('[1,2]', { path: '/v1/t' }))
    expect(response.status).toBe(400)
    expect(store.events()).toEqual([])
  })
})

describe('HEAD and request targets', () => {
  it('answers HEAD /v1/report as GET does, without a body', async () => {
    const { collector } = setup()
    const response = await collector.handle(
      new Request('http://collector.test/v1/report', { method: 'HEAD' }),
    )
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('routes an absolute-form request target (as a proxy sends it) under toNodeListener', async () => {
    const { store, collector } = setup()
    const server = createServer(toNodeListener(collector.handle))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = nodeRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `http://127.0.0.1:${port}/v1/batch`,
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end(JSON.stringify({ batch: [envelope()] }))
      })
      expect(status).toBe(200)
      expect(store.events()).toHaveLength(1)
    } finally {
      server.close()
    }
  })
})

describe('the store is opened on first use', () => {
  it('not when the collector is made (a build evaluating the route module touches no database)', async () => {
    let opened = 0
    const store = memoryStore()
    const counting: Store = { ...store, open: () => (opened++, store.open()) }
    const collector = createCollector({ plan, store: counting })
    closeAfter(collector)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(opened).toBe(0)
    await collector.handle(batchRequest({ batch: [envelope()] }))
    expect(opened).toBe(1)
  })
})

describe('the CLI', () => {
  it('keeps every value of --allow-origin and --write-key given more than once', () => {
    const args = parseArgs('collect', collectCommand, [
      '--plan',
      'plan.ts',
      '--allow-origin',
      'http://a.test',
      '--allow-origin=http://b.test,http://c.test',
      '--write-key',
      'key_web',
      '--write-key',
      'key_ios',
    ])
    expect(listOption(args.options, '--allow-origin')).toEqual([
      'http://a.test',
      'http://b.test',
      'http://c.test',
    ])
    expect(listOption(args.options, '--write-key')).toEqual(['key_web', 'key_ios'])
  })
})

describe('refused requests', () => {
  it('are all counted by status: 403, 404 and 405 as 400 is', async () => {
    const { collector } = setup({ allowedOrigins: ['https://app.example'] })
    const statuses = [
      (await collector.handle(batchRequest('not json'))).status,
      (
        await collector.handle(
          batchRequest({ batch: [envelope()] }, { headers: { origin: 'https://evil.example' } }),
        )
      ).status,
      (await collector.handle(new Request('http://collector.test/v1/batch'))).status,
      (await collector.handle(new Request('http://collector.test/v2/nothing'))).status,
    ]
    expect(statuses).toEqual([400, 403, 405, 404])
    const report = (await (
      await collector.handle(new Request('http://collector.test/v1/report'))
    ).json()) as { collector: { refused: Record<string, number> } }
    expect(report.collector.refused).toEqual({ 400: 1, 403: 1, 404: 1, 405: 1 })
  })
})

describe('the report', () => {
  it('is read from the store once for requests at once or within seconds (on PGlite a read holds the one connection batches use)', async () => {
    let reads = 0
    const store = memoryStore()
    const counting: Store = { ...store, stats: (query) => (reads++, store.stats(query)) }
    const collector = createCollector({ plan, store: counting, now: () => RECEIVED_AT })
    closeAfter(collector)
    const get = () => collector.handle(new Request('http://collector.test/v1/report?since=7d'))
    const answers = await Promise.all([get(), get(), get()])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    expect((await get()).status).toBe(200)
    expect(reads).toBe(1)
    // another window is another read
    await collector.handle(new Request('http://collector.test/v1/report?since=1d'))
    expect(reads).toBe(2)
  })
})

describe('since at its edges', () => {
  const now = new Date('2026-12-05T00:00:00Z')
  it('a duration reaching back before year 1 means all of it: year 1', () => {
    expect(parseSince('999999w', now)?.toISOString()).toBe('0001-01-01T00:00:00.000Z')
  })
  it('a date outside years 1–9999 is no since (400), never a query the database refuses (503)', async () => {
    expect(parseSince('0000-01-01', now)).toBeUndefined()
    const { collector } = setup()
    const answer = await collector.handle(
      new Request('http://collector.test/v1/report?since=0000-01-01'),
    )
    expect(answer.status).toBe(400)
  })
})

describe('found by the second hunt', () => {
  it('a batch posted to a single-call route (httpSink pointed at /v1/track) is stored as a batch', async () => {
    const { store, collector } = setup()
    const batch = [envelope(), envelope(), envelope()]
    const answer = await collector.handle(batchRequest({ batch }, { path: '/v1/track' }))
    expect(answer.status).toBe(200)
    expect(store.events()).toHaveLength(3)
  })

  it("never stores a writeKey, in a batch's envelopes (analytics.js puts it on each) either", async () => {
    const { store, collector } = setup({ writeKeys: ['wk-1'] })
    const batch = [envelope({ writeKey: 'wk-1' }), envelope({ writeKey: 'wk-1' })]
    const answer = await collector.handle(
      batchRequest(JSON.stringify({ batch, writeKey: 'wk-1' }), { path: '/v1/b' }),
    )
    expect(answer.status).toBe(200)
    expect(JSON.stringify(store.events())).not.toContain('wk-1')
  })

  it('after close(), neither the report nor ready() opens the store again', async () => {
    let opened = 0
    const store = memoryStore()
    const counting: Store = { ...store, open: () => (opened++, store.open()) }
    const collector = createCollector({ plan, store: counting })
    await collector.close()
    const report = await collector.handle(new Request('http://collector.test/v1/report'))
    expect(report.status).toBe(503)
    await expect(collector.ready()).rejects.toThrow(/closed/)
    expect(opened).toBe(0)
  })

  it('refuses a date that does not exist (February 30th) rather than moving it to March', async () => {
    const { store, collector } = setup()
    const answer = await collector.handle(
      batchRequest({ batch: [envelope({ timestamp: '2026-02-30T10:00:00Z' })] }),
    )
    expect((await answer.json()) as unknown).toMatchObject({
      accepted: 0,
      rejected: [{ index: 0, reason: expect.stringContaining('timestamp') }],
    })
    expect(store.events()).toEqual([])
  })

  it('--write-key given empty (an unset $WRITE_KEY) is a usage error, not a collector that checks no key', () => {
    const args = parseArgs('collect', collectCommand, ['--plan', 'plan.ts', '--write-key', ''])
    expect(() => listOption(args.options, '--write-key')).toThrow(/--write-key/)
  })
})
