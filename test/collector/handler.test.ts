// @vitest-environment node
import { createCollector, memoryStore, type Store } from 'trackplan/collector'
import { describe, expect, it, vi } from 'vitest'
import {
  batchRequest,
  body,
  envelope,
  flakyStore,
  plan,
  RECEIVED_AT,
  collectorsClosedAfterEach,
} from './helpers'

const { setup, closeAfter } = collectorsClosedAfterEach()

describe('POST /v1/batch', () => {
  it('stores each envelope and answers 200 once committed', async () => {
    const { store, collector } = setup()
    const a = envelope()
    const b = envelope({ event: 'Completed Purchase', properties: { total: 12 } })
    const response = await collector.handle(batchRequest({ batch: [a, b], sentAt: RECEIVED_AT }))
    expect(response.status).toBe(200)
    expect(await body(response)).toEqual({ accepted: 2, duplicates: 0, rejected: [] })
    const stored = store.events()
    expect(stored.map((e) => e.messageId)).toEqual([a.messageId, b.messageId])
    expect(stored[0]).toMatchObject({
      type: 'track',
      event: 'Viewed Pricing',
      receivedAt: RECEIVED_AT.toISOString(),
      status: 'accepted',
      violations: [],
      envelope: { properties: { plan: 'pro' }, anonymousId: 'anon-1' },
    })
    expect(stored[0]!.planVersion).toMatch(/^[0-9a-f]{12}$/)
  })

  it('answers a retried batch with duplicates, and a messageId repeated within a batch once', async () => {
    const { store, collector } = setup()
    const a = envelope()
    await collector.handle(batchRequest({ batch: [a] }))
    const again = await collector.handle(batchRequest({ batch: [a, envelope(), { ...a }] }))
    expect(await body(again)).toEqual({ accepted: 1, duplicates: 2, rejected: [] })
    expect(store.events()).toHaveLength(2)
  })

  it("corrects timestamps by the batch's sentAt (Segment's rule), keeping the sender's own", async () => {
    const { store, collector } = setup()
    // the sender's clock is 1 hour behind: it says it sent at 09:00:10, received at 10:00:10
    const skewed = envelope({ timestamp: '2026-01-02T09:00:00.000Z' })
    const noTimestamp = envelope({ timestamp: undefined })
    await collector.handle(
      batchRequest({ batch: [skewed, noTimestamp], sentAt: '2026-01-02T09:00:10.000Z' }),
    )
    const [first, second] = store.events()
    expect(first!.timestamp).toBe('2026-01-02T10:00:00.000Z')
    expect(first!.envelope).toMatchObject({
      timestamp: '2026-01-02T10:00:00.000Z',
      originalTimestamp: '2026-01-02T09:00:00.000Z',
    })
    expect(second!.timestamp).toBe(RECEIVED_AT.toISOString())
    // no sentAt: the timestamp as given
    const { store: other, collector: plain } = setup()
    await plain.handle(batchRequest({ batch: [envelope({ timestamp: '2026-01-01T00:00:00Z' })] }))
    expect(other.events()[0]!.timestamp).toBe('2026-01-01T00:00:00.000Z')
  })

  it('stores violations beside the event: kind, JSON-pointer path, message', async () => {
    const { store, collector } = setup()
    await collector.handle(
      batchRequest({
        batch: [
          envelope({ properties: { plan: 'gold' } }),
          envelope({ properties: {} }),
          envelope({
            event: 'Signed Up',
            properties: {
              method: 'email',
              'utm.source': 'ad',
              address: { city: 'Oslo', 'zip/code': 1 },
            },
          }),
          envelope({ event: 'Viewd Pricing', properties: {} }),
        ],
      }),
    )
    const [enumViolation, missing, unexpected, unplanned] = store.events().map((e) => e.violations)
    expect(enumViolation).toEqual([
      { kind: 'enum', path: '/properties/plan', message: expect.stringContaining('"gold"') },
    ])
    expect(missing).toEqual([
      { kind: 'missing', path: '/properties/plan', message: expect.any(String) },
    ])
    expect(unexpected!.map((v) => [v.kind, v.path])).toEqual([
      ['unexpected', '/properties/address/zip~1code'],
      ['unexpected', '/properties/utm.source'],
    ])
    // and a naming violation: "Viewd" is no past tense
    expect(unplanned!.map((v) => [v.kind, v.path])).toEqual([
      ['unplanned', '/event'],
      ['naming', '/event'],
    ])
    expect(unplanned![0]!.message).toContain('did you mean "Viewed Pricing"')
  })

  it('takes text/plain beacons, and routes under any prefix', async () => {
    const { store, collector } = setup()
    const beacon = batchRequest(JSON.stringify({ batch: [envelope()] }), {
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      path: '/api/collect/v1/batch/',
    })
    expect((await collector.handle(beacon)).status).toBe(200)
    expect(store.events()).toHaveLength(1)
  })

  it('refuses unreadable requests whole, storing nothing: 400, 404, 405, 413, 415', async () => {
    const { store, collector } = setup({ maxBodyBytes: 2000 })
    const statusOf = async (request: Request) => (await collector.handle(request)).status
    expect(await statusOf(batchRequest('{"batch": ['))).toBe(400)
    expect(await statusOf(batchRequest('[]'))).toBe(400)
    expect(await statusOf(batchRequest({ batch: {} }))).toBe(400)
    expect(await statusOf(batchRequest(''))).toBe(400)
    expect(await statusOf(batchRequest({ batch: [envelope({ x: 'x'.repeat(3000) })] }))).toBe(413)
    expect(
      await statusOf(
        batchRequest({ batch: [] }, { headers: { 'content-type': 'multipart/form-data' } }),
      ),
    ).toBe(415)
    expect(await statusOf(batchRequest({ batch: [] }, { path: '/v1/events' }))).toBe(404)
    const get = await collector.handle(new Request('http://collector.test/v1/batch'))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST, OPTIONS')
    const bad = await collector.handle(batchRequest('{"batch": ['))
    expect(await body(bad)).toEqual({ error: expect.stringContaining('not JSON') })
    expect(store.events()).toEqual([])
  })

  it('answers 413 for a body over the limit without reading the rest of it', async () => {
    const { store, collector } = setup({ maxBodyBytes: 64 * 1024 })
    let pulled = 0
    let cancelled = false
    const chunk = new TextEncoder().encode(`{"batch":[${'"x",'.repeat(4000)}`)
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength
        if (pulled > 10 * 1024 * 1024) controller.close()
        else controller.enqueue(chunk)
      },
      cancel() {
        cancelled = true
      },
    })
    const request = new Request('http://collector.test/v1/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: endless,
      duplex: 'half',
    } as RequestInit)
    const response = await collector.handle(request)
    expect(response.status).toBe(413)
    expect(cancelled).toBe(true)
    expect(pulled).toBeLessThan(256 * 1024)
    expect(store.events()).toEqual([])
  })

  it('answers 408 to a body that trickles in slower than 30 s (slow loris), storing nothing', async () => {
    const { store, collector } = setup()
    let cancelled = false
    const trickle = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"batch":['))
      },
      cancel() {
        cancelled = true
      },
    })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const answer = collector.handle(
        new Request('http://collector.test/v1/batch', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: trickle,
          duplex: 'half',
        } as RequestInit),
      )
      await vi.advanceTimersByTimeAsync(30_000)
      expect((await answer).status).toBe(408)
    } finally {
      vi.useRealTimers()
    }
    expect(cancelled).toBe(true)
    expect(store.events()).toEqual([])
  })

  it('stores a batch posted twice at once once: the other answer counts duplicates', async () => {
    const { store, collector } = setup()
    const batch = { batch: [envelope(), envelope(), envelope()] }
    const answers = await Promise.all(
      [1, 2, 3].map(async () => body(await collector.handle(batchRequest(batch)))),
    )
    expect(answers.reduce((n, a) => n + (a.accepted as number), 0)).toBe(3)
    expect(answers.reduce((n, a) => n + (a.duplicates as number), 0)).toBe(6)
    expect(store.events()).toHaveLength(3)
  })

  it('answers 413 to a batch of more envelopes than it lists answers for (httpSink splits it)', async () => {
    const { collector } = setup({ maxBodyBytes: 1024 * 1024 })
    const response = await collector.handle(batchRequest({ batch: Array(5001).fill(0) }))
    expect(response.status).toBe(413)
  })

  it('takes gzip bodies, counting them unpacked', async () => {
    const { store, collector } = setup({ maxBodyBytes: 4096 })
    const gzip = async (text: string) =>
      new Uint8Array(
        await new Response(
          new Blob([text]).stream().pipeThrough(new CompressionStream('gzip')),
        ).arrayBuffer(),
      )
    const small = await gzip(JSON.stringify({ batch: [envelope()] }))
    const bomb = await gzip(JSON.stringify({ batch: ['x'.repeat(1_000_000)] }))
    const post = (bytes: Uint8Array) =>
      collector.handle(
        new Request('http://collector.test/v1/batch', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body: bytes as BodyInit,
        }),
      )
    expect((await post(small)).status).toBe(200)
    expect(bomb.byteLength).toBeLessThan(4096)
    expect((await post(bomb)).status).toBe(413)
    // not gzip at all, or cut short: unreadable
    expect((await post(new TextEncoder().encode('{"batch":[]}'))).status).toBe(400)
    expect((await post(small.slice(0, small.byteLength - 10))).status).toBe(400)
    const brotli = await collector.handle(
      batchRequest({ batch: [] }, { headers: { 'content-encoding': 'br' } }),
    )
    expect(brotli.status).toBe(415)
    expect(store.events()).toHaveLength(1)
  })
})

describe('write keys', () => {
  const basic = (key: string) => ({ authorization: `Basic ${btoa(`${key}:`)}` })

  it("takes Segment's Basic header or a body writeKey (beacons); refuses others with 401", async () => {
    const { store, collector } = setup({ writeKeys: ['key-1', 'key-2'] })
    const statusOf = async (request: Request) => (await collector.handle(request)).status
    expect(await statusOf(batchRequest({ batch: [envelope()] }, { headers: basic('key-2') }))).toBe(
      200,
    )
    expect(await statusOf(batchRequest({ batch: [envelope()], writeKey: 'key-1' }))).toBe(200)
    expect(await statusOf(batchRequest({ batch: [envelope()] }))).toBe(401)
    expect(await statusOf(batchRequest({ batch: [envelope()], writeKey: 'nope' }))).toBe(401)
    expect(await statusOf(batchRequest({ batch: [envelope()] }, { headers: basic('nope') }))).toBe(
      401,
    )
    expect(
      await statusOf(
        batchRequest({ batch: [envelope()] }, { headers: { authorization: 'Bearer x' } }),
      ),
    ).toBe(401)
    // a right body key does not make a wrong header key right
    expect(
      await statusOf(
        batchRequest({ batch: [envelope()], writeKey: 'key-1' }, { headers: basic('x') }),
      ),
    ).toBe(401)
    expect(store.events()).toHaveLength(2)
  })
})

describe('CORS', () => {
  const from = (origin: string, init: RequestInit = {}, path = '/v1/batch') =>
    new Request(`http://collector.test${path}`, {
      ...init,
      headers: { origin, ...(init.headers as Record<string, string>) },
    })

  it('answers preflights for the allowed origins, exactly, without credentials', async () => {
    const { collector } = setup({ allowedOrigins: ['https://app.example.com'] })
    const preflight = await collector.handle(
      from('https://app.example.com', {
        method: 'OPTIONS',
        headers: {
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      }),
    )
    expect(preflight.status).toBe(204)
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization',
      vary: 'Origin',
    })
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull()
    const other = await collector.handle(
      from('https://app.example.com.evil.test', { method: 'OPTIONS' }),
    )
    expect(other.status).toBe(403)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('puts CORS headers on every answer to an allowed origin (errors too), and refuses others', async () => {
    const { store, collector } = setup({ allowedOrigins: ['https://app.example.com'] })
    const post = (origin: string, text: string) =>
      collector.handle(
        from(origin, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text }),
      )
    const ok = await post('https://app.example.com', JSON.stringify({ batch: [envelope()] }))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(ok.headers.get('access-control-expose-headers')).toBe('Retry-After')
    const bad = await post('https://app.example.com', '{')
    expect(bad.status).toBe(400)
    expect(bad.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    const elsewhere = await post('https://evil.test', JSON.stringify({ batch: [envelope()] }))
    expect(elsewhere.status).toBe(403)
    expect(store.events()).toHaveLength(1)
  })

  it('adds no CORS headers without allowedOrigins', async () => {
    const { collector } = setup()
    const response = await collector.handle(
      from('https://app.example.com', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ batch: [] }),
      }),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('the store', () => {
  it('failing: 503 with Retry-After, nothing acknowledged; the retry is stored once', async () => {
    const store = memoryStore()
    const flaky = flakyStore(store)
    const collector = createCollector({ plan, store: flaky, onError: () => {} })
    closeAfter(collector)
    const batch = { batch: [envelope(), envelope()] }
    const refused = await collector.handle(batchRequest(batch))
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('5')
    expect(store.events()).toEqual([])
    flaky.failing = false
    expect(await body(await collector.handle(batchRequest(batch)))).toMatchObject({ accepted: 2 })
  })

  it('that cannot open (even throwing at once): 503 with Retry-After, and ready() says why', async () => {
    const broken = {
      ...flakyStore(memoryStore()),
      open: () => {
        throw new Error('no such database')
      },
    } as unknown as Store
    const collector = createCollector({ plan, store: broken, onError: () => {} })
    closeAfter(collector)
    await expect(collector.ready()).rejects.toThrow('no such database')
    const answer = await collector.handle(batchRequest({ batch: [envelope()] }))
    expect(answer.status).toBe(503)
    expect(answer.headers.get('retry-after')).toBe('5')
  })

  it('is opened once, and closed by close(): batches after it are answered 503', async () => {
    const { store, collector } = setup()
    await collector.ready()
    await collector.close()
    const after = await collector.handle(batchRequest({ batch: [envelope()] }))
    expect(after.status).toBe(503)
    await expect(store.stats({})).rejects.toThrow(/open/)
  })
})

describe('modes', () => {
  const batch = () => ({
    batch: [
      envelope({ messageId: 'ok' }),
      envelope({ messageId: 'enum', properties: { plan: 'gold' } }),
      envelope({
        messageId: 'extra',
        event: 'Signed Up',
        properties: { method: 'sso', debug: true, address: { city: 'Oslo', zip: '0150' } },
      }),
      envelope({ messageId: 'unplanned', event: 'Debug Ping' }),
    ],
  })
  /** A sink that records the messageIds it is handed. */
  const recorder = () => {
    const received: string[] = []
    return {
      received,
      sink: {
        name: 'recorder',
        send: (e: { messageId: string }) => void received.push(e.messageId),
      },
    }
  }

  it('observe: keeps and forwards everything, flagged', async () => {
    const { received, sink } = recorder()
    const { store, collector } = setup({ forward: [sink] })
    await collector.handle(batchRequest(batch()))
    expect(store.events().map((e) => e.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ])
    await collector.close()
    expect(received).toEqual(['ok', 'enum', 'extra', 'unplanned'])
  })

  it('block: keeps violating events apart (blocked) and never forwards them', async () => {
    const { received, sink } = recorder()
    const { store, collector } = setup({ mode: 'block', forward: [sink] })
    const response = await body(await collector.handle(batchRequest(batch())))
    expect(response).toEqual({ accepted: 4, duplicates: 0, rejected: [] })
    expect(store.events().map((e) => [e.messageId, e.status])).toEqual([
      ['ok', 'accepted'],
      ['enum', 'blocked'],
      ['extra', 'blocked'],
      ['unplanned', 'blocked'],
    ])
    await collector.close()
    expect(received).toEqual(['ok'])
  })

  it('strip: drops the properties the plan does not allow, keeps unplanned events apart, forwards the rest', async () => {
    const { received, sink } = recorder()
    const { store, collector } = setup({ mode: 'strip', forward: [sink] })
    await collector.handle(batchRequest(batch()))
    const extra = store.events().find((e) => e.messageId === 'extra')!
    expect(extra.envelope.properties).toEqual({ method: 'sso', address: { city: 'Oslo' } })
    expect(extra.violations.map((v) => v.path)).toEqual([
      '/properties/address/zip',
      '/properties/debug',
    ])
    expect(store.events().map((e) => [e.messageId, e.status])).toEqual([
      ['ok', 'accepted'],
      ['enum', 'accepted'],
      ['extra', 'accepted'],
      ['unplanned', 'blocked'],
    ])
    await collector.close()
    expect(received).toEqual(['ok', 'enum', 'extra'])
  })
})

describe('GET /v1/report', () => {
  it("answers the plan's health as JSON, with the collector's own counts", async () => {
    const { collector } = setup()
    await collector.handle(
      batchRequest({
        batch: [
          envelope(),
          envelope({ properties: { plan: 'gold' } }),
          envelope({ event: 'signed_up' }),
          { not: 'an envelope' },
        ],
      }),
    )
    const response = await collector.handle(new Request('http://collector.test/v1/report?since=7d'))
    expect(response.status).toBe(200)
    const report = await body(response)
    expect(report).toMatchObject({
      since: new Date(RECEIVED_AT.getTime() - 7 * 86_400_000).toISOString(),
      neverSeen: ['Signed Up', 'Completed Purchase'],
      unplanned: [{ event: 'signed_up', count: 1, near: ['Signed Up'] }],
      collector: { batches: 1, accepted: 3, rejected: 1 },
    })
    expect((report.planned as { event: string; count: number }[])[0]).toMatchObject({
      event: 'Viewed Pricing',
      count: 2,
      violating: 1,
      violationRate: 0.5,
      byKind: { enum: { count: 1, rate: 0.5 } },
    })
    const badSince = await collector.handle(
      new Request('http://collector.test/v1/report?since=soon'),
    )
    expect(badSince.status).toBe(400)
  })

  it('is 404 with report: false', async () => {
    const { collector } = setup({ report: false })
    expect((await collector.handle(new Request('http://collector.test/v1/report'))).status).toBe(
      404,
    )
  })
})
