// @vitest-environment node
// The collector's store, one contract for both databases: PGlite always, a real PostgreSQL
// server when TRACKPLAN_TEST_POSTGRES_URL names one (CI starts one).
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventStats, Store, StoredEvent, StoredViolation } from '../../src/collector/store'
import { postgresStore } from '../../src/collector/store'
import { loadPeer } from '../../src/collector/store/loadPeer'
import { MIGRATIONS } from '../../src/collector/store/schema'
import {
  POSTGRES_URL,
  pgliteBackend,
  pgliteDatabase,
  removePgliteTemplate,
  postgresBackend,
  type ConnectOptions,
  type StoreBackend,
  type TestDatabase,
} from './storeBackends'

const RECEIVED = '2026-12-05T10:00:00.000Z'

afterAll(removePgliteTemplate)

function storedEvent(messageId: string, overrides: Partial<StoredEvent> = {}): StoredEvent {
  const event = overrides.event === undefined ? 'Signup Completed' : overrides.event
  return {
    messageId,
    type: 'track',
    event,
    envelope: { type: 'track', event, messageId, properties: { plan: 'pro' } },
    receivedAt: RECEIVED,
    timestamp: '2026-12-05T09:59:58.000Z',
    planVersion: 'v1',
    violations: [],
    status: 'accepted',
    ...overrides,
  }
}

const violation = (kind: string, path = '/properties/plan'): StoredViolation => ({
  kind,
  path,
  message: `${kind} at ${path}`,
})

const total = (stats: EventStats[]) => stats.reduce((sum, row) => sum + row.count, 0)
const byName = (stats: EventStats[]) =>
  [...stats].sort((a, b) =>
    `${a.type} ${a.event} ${a.planVersion}`.localeCompare(`${b.type} ${b.event} ${b.planVersion}`),
  )
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

function storeContract(backend: StoreBackend): void {
  let db: TestDatabase
  const stores: Store[] = []
  const connect = (options?: ConnectOptions): Store => {
    const store = db.connect(options)
    stores.push(store)
    return store
  }
  const closeAll = () => Promise.all(stores.splice(0).map((store) => store.close()))

  // the first one makes the PGlite template: initdb in WebAssembly, seconds on a busy machine
  beforeEach(async () => {
    db = await backend.database()
  }, 60_000)
  afterEach(async () => {
    await closeAll()
    await db.dispose()
  })

  it('creates its schema once, however many times and places open() is called at once', async () => {
    const many = backend.manyStoresAtOnce
      ? [connect(), connect(), connect(), connect()]
      : [connect()]
    await Promise.all(many.flatMap((store) => [store.open(), store.open()]))
    await Promise.all(many.map((store) => store.open()))
    const inserted = await Promise.all(
      many.map((store, n) => store.insertBatch([storedEvent(`m${n}`)], { outbox: false })),
    )
    expect(inserted.flatMap((result) => result.inserted).sort()).toEqual(
      many.map((_, n) => `m${n}`),
    )
    await closeAll()
    const versions = await db.inspect('SELECT version FROM trackplan_migrations ORDER BY version')
    expect(versions.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version))
  })

  it('opens itself on first use, refuses work once closed, and opens again on open()', async () => {
    const store = connect()
    expect(await store.insertBatch([storedEvent('a')], { outbox: false })).toEqual({
      inserted: ['a'],
      duplicates: [],
    })
    await store.close()
    await store.close()
    await expect(store.insertBatch([storedEvent('b')], { outbox: false })).rejects.toThrow(
      /closed: call open\(\) to use it again/,
    )
    await expect(store.stats({})).rejects.toThrow(/closed/)
    await store.open()
    expect(
      await store.insertBatch([storedEvent('a'), storedEvent('b')], { outbox: false }),
    ).toEqual({
      inserted: ['b'],
      duplicates: ['a'],
    })
  })

  it('keeps each messageId once: a retried batch answers duplicates', async () => {
    const store = connect()
    const batch = ['a', 'b', 'c'].map((id) => storedEvent(id))
    expect(await store.insertBatch(batch, { outbox: true })).toEqual({
      inserted: ['a', 'b', 'c'],
      duplicates: [],
    })
    expect(await store.insertBatch(batch, { outbox: true })).toEqual({
      inserted: [],
      duplicates: ['a', 'b', 'c'],
    })
    expect(await store.insertBatch([storedEvent('c'), storedEvent('d')], { outbox: true })).toEqual(
      { inserted: ['d'], duplicates: ['c'] },
    )
    expect(total(await store.stats({}))).toBe(4)
    expect((await store.takeOutbox(10)).map((item) => item.messageId)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('keeps the first of two events with one messageId in a batch; the second is a duplicate', async () => {
    const store = connect()
    const batch = [
      storedEvent('x', { event: 'First' }),
      storedEvent('y'),
      storedEvent('x', { event: 'Second' }),
    ]
    expect(await store.insertBatch(batch, { outbox: true })).toEqual({
      inserted: ['x', 'y'],
      duplicates: ['x'],
    })
    const events = (await store.stats({})).map((row) => [row.event, row.count])
    expect(events.sort()).toEqual([
      ['First', 1],
      ['Signup Completed', 1],
    ])
    const outbox = await store.takeOutbox(10)
    expect(outbox.map((item) => item.envelope.event)).toEqual(['First', 'Signup Completed'])
  })

  it('stores nothing of a batch when one row fails: no event, violation, outbox item or messageId', async () => {
    const store = connect()
    await store.insertBatch([storedEvent('kept')], { outbox: true })
    const good = [storedEvent('g1', { violations: [violation('type')] }), storedEvent('g2')]
    const failures = [
      storedEvent('bad', { status: 'lost' as StoredEvent['status'] }),
      storedEvent('bad', { timestamp: 'not a time' }),
      storedEvent('bad', { receivedAt: 'not a time' }),
    ]
    for (const failing of failures)
      await expect(
        store.insertBatch([...good, failing, storedEvent('kept')], { outbox: true }),
      ).rejects.toThrow()
    expect(await store.stats({})).toEqual([expect.objectContaining({ count: 1, violating: 0 })])
    expect((await store.takeOutbox(10)).map((item) => item.messageId)).toEqual(['kept'])
    expect(await store.insertBatch(good, { outbox: true })).toEqual({
      inserted: ['g1', 'g2'],
      duplicates: [],
    })
  })

  it('answers batches stored at once each as if alone: one messageId stored once, a failing batch fails alone', async () => {
    const store = connect()
    await store.open()
    const batches = Array.from({ length: 12 }, (_, n) => [
      storedEvent(`own-${n}`, { violations: [violation('type')] }),
      storedEvent('shared'),
      storedEvent(`own-${n}`),
    ])
    const failing = [storedEvent('lost-1'), storedEvent('lost-2', { timestamp: 'not a time' })]
    const settled = await Promise.allSettled(
      [...batches.slice(0, 6), failing, ...batches.slice(6)].map((batch) =>
        store.insertBatch(batch, { outbox: true }),
      ),
    )
    expect(settled[6]!.status).toBe('rejected')
    const results = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    expect(results).toHaveLength(12)
    results.forEach((result, n) => {
      const own = `own-${n}`
      expect(result.inserted.filter((id) => id !== 'shared')).toEqual([own])
      expect(result.duplicates.filter((id) => id !== 'shared')).toEqual([own])
    })
    expect(results.filter((result) => result.inserted.includes('shared'))).toHaveLength(1)
    const stats = await store.stats({})
    expect(stats).toEqual([expect.objectContaining({ count: 13, violating: 12 })])
    expect(await store.takeOutbox(100)).toHaveLength(13)
  })

  it('stores violations beside their event', async () => {
    const store = connect()
    const violations = [violation('type', '/properties/seats'), violation('missing')]
    await store.insertBatch([storedEvent('v', { violations }), storedEvent('w')], {
      outbox: false,
    })
    await closeAll()
    const rows = await db.inspect(
      'SELECT message_id, kind, path, message FROM trackplan_violations ORDER BY kind',
    )
    expect(rows).toEqual([
      { message_id: 'v', ...violations[1] },
      { message_id: 'v', ...violations[0] },
    ])
  })

  it('counts per type, event and plan version: volume, violating events, violations by kind', async () => {
    const store = connect()
    const at = (minute: number) => `2026-12-05T10:${String(minute).padStart(2, '0')}:00.000Z`
    await store.insertBatch(
      [
        storedEvent('s1', {
          receivedAt: at(0),
          violations: [violation('type'), violation('type')],
        }),
        storedEvent('s2', { receivedAt: at(5), violations: [violation('missing')] }),
        storedEvent('s3', { receivedAt: at(10) }),
        storedEvent('s4', { receivedAt: at(6), planVersion: 'v2' }),
        storedEvent('b1', {
          receivedAt: at(7),
          status: 'blocked',
          violations: [violation('type')],
        }),
        storedEvent('p1', { receivedAt: at(8), type: 'page', event: null }),
      ],
      { outbox: false },
    )
    const signupV1 = { type: 'track', event: 'Signup Completed', planVersion: 'v1' }
    expect(byName(await store.stats({}))).toEqual([
      {
        type: 'page',
        event: null,
        planVersion: 'v1',
        count: 1,
        violating: 0,
        byKind: {},
        firstSeen: at(8),
        lastSeen: at(8),
      },
      {
        ...signupV1,
        count: 4,
        violating: 3,
        byKind: { type: 3, missing: 1 },
        firstSeen: at(0),
        lastSeen: at(10),
      },
      {
        ...signupV1,
        planVersion: 'v2',
        count: 1,
        violating: 0,
        byKind: {},
        firstSeen: at(6),
        lastSeen: at(6),
      },
    ])
    const since = byName(await store.stats({ since: new Date(at(6)) }))
    expect(since.map(({ count, violating, byKind }) => ({ count, violating, byKind }))).toEqual([
      { count: 1, violating: 0, byKind: {} },
      { count: 2, violating: 1, byKind: { type: 1 } },
      { count: 1, violating: 0, byKind: {} },
    ])
    expect(await store.stats({ since: new Date('2026-12-06T00:00:00Z') })).toEqual([])
  })

  it('queues accepted events stored now for forwarding, never blocked ones or duplicates', async () => {
    const store = connect()
    const a = storedEvent('a')
    const blocked = storedEvent('b', { status: 'blocked', violations: [violation('type')] })
    await store.insertBatch([a, blocked, storedEvent('c')], { outbox: true })
    await store.insertBatch([storedEvent('a'), storedEvent('d')], { outbox: true })
    await store.insertBatch([storedEvent('e')], { outbox: false })
    const items = await store.takeOutbox(10)
    expect(items.map((item) => item.messageId)).toEqual(['a', 'c', 'd'])
    expect(items[0]).toEqual({
      id: expect.any(Number),
      messageId: 'a',
      envelope: a.envelope,
      attempts: 0,
    })
  })

  it('holds a taken item until it is finished or failed; a failed one comes back with attempts + 1', async () => {
    const store = connect()
    await store.insertBatch(
      ['a', 'b', 'c'].map((id) => storedEvent(id)),
      { outbox: true },
    )
    const [a, b] = await store.takeOutbox(2)
    expect((await store.takeOutbox(10)).map((item) => item.messageId)).toEqual(['c'])
    await store.finishOutbox([a!.id])
    await store.failOutbox([b!.id], 'HTTP 503 from api.segment.io')
    expect(await store.takeOutbox(10)).toEqual([{ ...b, attempts: 1 }])
    await store.failOutbox([b!.id], 'timed out')
    expect(await store.takeOutbox(10)).toEqual([{ ...b, attempts: 2 }])
    await closeAll()
    expect(
      await db.inspect('SELECT message_id, attempts, last_error FROM trackplan_outbox ORDER BY id'),
    ).toEqual([
      { message_id: 'b', attempts: 2, last_error: 'timed out' },
      { message_id: 'c', attempts: 0, last_error: null },
    ])
  })

  it('takes a failed item again only once its wait is over, on the database clock, and keeps the wait across a restart', async () => {
    const before = connect()
    await before.insertBatch(
      ['refused', 'b'].map((id) => storedEvent(id)),
      { outbox: true },
    )
    const [refused, b] = await before.takeOutbox(2)
    await before.failOutbox([refused!.id], 'HTTP 400', 3_600_000)
    await before.close()
    const after = connect()
    expect(await after.takeOutbox(10)).toEqual([b])
    await after.failOutbox([b!.id], 'HTTP 503', 1000)
    expect(await after.takeOutbox(10)).toEqual([])
    await sleep(1200)
    expect(await after.takeOutbox(10)).toEqual([{ ...b, attempts: 1 }])
  })

  it('never hands one outbox item to two callers taking at once', async () => {
    const first = connect()
    const ids = Array.from({ length: 60 }, (_, n) => `m${String(n).padStart(2, '0')}`)
    await first.insertBatch(
      ids.map((id) => storedEvent(id)),
      { outbox: true },
    )
    const takers = backend.manyStoresAtOnce ? [first, connect(), connect()] : [first]
    const drain = async (store: Store): Promise<string[]> => {
      const taken: string[] = []
      for (
        let items = await store.takeOutbox(4);
        items.length > 0;
        items = await store.takeOutbox(4)
      )
        taken.push(...items.map((item) => item.messageId))
      return taken
    }
    const taken = await Promise.all([...takers, ...takers].map(drain))
    expect(taken.flat().sort()).toEqual(ids)
  })

  it('gives an item whose lease ran out to the next caller (its holder died)', async () => {
    const store = connect({ outboxLeaseMs: 300 })
    await store.insertBatch([storedEvent('a')], { outbox: true })
    const [item] = await store.takeOutbox(1)
    expect(await store.takeOutbox(1)).toEqual([])
    await sleep(450)
    expect(await store.takeOutbox(1)).toEqual([item])
  })

  it('finds its data again in a new store on the same database (a restart)', async () => {
    const before = connect()
    await before.insertBatch([storedEvent('a'), storedEvent('b')], { outbox: true })
    expect((await before.takeOutbox(1)).map((item) => item.messageId)).toEqual(['a'])
    await before.close()
    const after = connect()
    expect(await after.insertBatch([storedEvent('a'), storedEvent('c')], { outbox: true })).toEqual(
      {
        inserted: ['c'],
        duplicates: ['a'],
      },
    )
    expect(total(await after.stats({}))).toBe(3)
    // closing released what the first store held: the next one forwards it at once
    expect((await after.takeOutbox(10)).map((item) => item.messageId)).toEqual(['a', 'b', 'c'])
  })

  it('releases only its own holds on close, and a failure reported after its hold was lost changes nothing', async () => {
    const first = connect({ outboxLeaseMs: 200 })
    await first.insertBatch([storedEvent('a'), storedEvent('b')], { outbox: true })
    const [a] = await first.takeOutbox(1)
    await sleep(300)
    // the lease ran out: on a server another collector takes `a`; on PGlite, the same store
    const second = backend.manyStoresAtOnce ? connect() : first
    const retaken = await second.takeOutbox(10)
    expect(retaken.map((item) => item.messageId)).toEqual(['a', 'b'])
    if (second !== first) {
      await first.failOutbox([a!.id], 'late failure')
      await first.close()
      expect(await second.takeOutbox(10)).toEqual([])
    }
    await second.failOutbox([a!.id], 'HTTP 500')
    expect(await second.takeOutbox(10)).toEqual([{ ...a, attempts: 1 }])
  })

  it('keeps the events of each day in their own partition and reads them back together', async () => {
    const store = connect()
    const days = [
      '2026-01-31T23:59:59.999Z',
      '2026-02-01T00:00:00.000Z',
      '2027-06-30T12:00:00.000Z',
    ]
    const events = days.map((receivedAt, n) =>
      storedEvent(`d${n}`, { receivedAt, violations: [violation('type')] }),
    )
    // the batch statement is prepared before those days' partitions exist
    await store.insertBatch([storedEvent('today')], { outbox: false })
    const { inserted } = await store.insertBatch(events, { outbox: false })
    expect(inserted).toEqual(['d0', 'd1', 'd2'])
    expect(total(await store.stats({}))).toBe(4)
    expect(total(await store.stats({ since: new Date('2026-02-01T00:00:00Z') }))).toBe(3)
    await closeAll()
    for (const table of ['trackplan_events', 'trackplan_violations']) {
      const partitions = await db.inspect(`
        SELECT child.relname AS name FROM pg_inherits
        JOIN pg_class child ON child.oid = pg_inherits.inhrelid
        JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
        WHERE parent.relname = '${table}'`)
      expect(partitions.map((row) => row.name)).toEqual(
        expect.arrayContaining(['20260131', '20260201', '20270630'].map((d) => `${table}_p${d}`)),
      )
    }
  })

  it('keeps strings PostgreSQL cannot hold (NUL, lone surrogates) with U+FFFD in their place', async () => {
    const store = connect()
    const envelope = JSON.parse(
      '{"type":"track","event":"Nul\\u0000","messageId":"m\\u0000","properties":' +
        '{"__proto__":{"polluted":true},"lone":"\\ud800x","k\\udc00":1,"pair":"\\ud83d\\ude00"}}',
    )
    const event = storedEvent('m\u0000', {
      event: 'Nul\u0000',
      envelope,
      violations: [{ kind: 'type', path: '/properties/k\udc00', message: '\u0000' }],
    })
    expect(await store.insertBatch([event], { outbox: true })).toEqual({
      inserted: ['m\u0000'],
      duplicates: [],
    })
    expect(await store.insertBatch([event], { outbox: true })).toEqual({
      inserted: [],
      duplicates: ['m\u0000'],
    })
    const [item] = await store.takeOutbox(1)
    expect(item!.messageId).toBe('m\uFFFD')
    const properties = item!.envelope.properties as Record<string, unknown>
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype)
    // jsonb keeps keys in its own order (shortest first), not the envelope's
    expect(Object.entries(properties).sort()).toEqual([
      ['__proto__', { polluted: true }],
      ['k\uFFFD', 1],
      ['lone', '\uFFFDx'],
      ['pair', '\u{1F600}'],
    ])
    expect((await store.stats({}))[0]).toMatchObject({ event: 'Nul\uFFFD', byKind: { type: 1 } })
  })

  it('stores a batch of 1,000 events at once', async () => {
    const store = connect()
    const ids = Array.from({ length: 1000 }, (_, n) => `bulk-${n}`)
    const result = await store.insertBatch(
      ids.map((id) => storedEvent(id)),
      { outbox: true },
    )
    expect(result.inserted).toEqual(ids)
    expect(total(await store.stats({}))).toBe(1000)
  })

  describe.skipIf(!backend.manyStoresAtOnce)('with many collectors on one database', () => {
    it('creates a new day’s partitions once when many collectors meet that day at once', async () => {
      const many = [connect(), connect(), connect(), connect()]
      await Promise.all(many.map((store) => store.open()))
      const receivedAt = '2031-03-03T03:03:03.000Z'
      const results = await Promise.all(
        many.map((store, n) =>
          store.insertBatch([storedEvent(`n${n}`, { receivedAt })], { outbox: false }),
        ),
      )
      expect(results.flatMap((result) => result.inserted).sort()).toEqual(['n0', 'n1', 'n2', 'n3'])
    })

    it('re-creates a day’s partitions dropped behind its back', async () => {
      const store = connect()
      await store.insertBatch([storedEvent('a')], { outbox: false })
      // old data deleted as docs/collector.md says: a referenced partition is detached first
      await db.inspect(`
        DROP TABLE trackplan_violations_p20261205;
        ALTER TABLE trackplan_events DETACH PARTITION trackplan_events_p20261205;
        DROP TABLE trackplan_events_p20261205`)
      const b = storedEvent('b', { violations: [violation('type')] })
      expect(await store.insertBatch([b], { outbox: false })).toEqual({
        inserted: ['b'],
        duplicates: [],
      })
    })
  })
}

describe('the PGlite store', { timeout: 60_000 }, () => storeContract(pgliteBackend))

describe('a PGlite folder', { timeout: 60_000 }, () => {
  it('is used by one store at a time: a second is refused, naming the first', async () => {
    const db = await pgliteDatabase()
    const first = db.connect()
    const second = db.connect()
    try {
      await first.insertBatch([storedEvent('a')], { outbox: false })
      await expect(second.open()).rejects.toThrow(
        `[trackplan] pgliteStore: ${db.dir} is open in process ${process.pid} already`,
      )
      await first.close()
      expect(await second.insertBatch([storedEvent('a')], { outbox: false })).toEqual({
        inserted: [],
        duplicates: ['a'],
      })
    } finally {
      await Promise.all([first.close(), second.close()])
      await db.dispose()
    }
  })
})

describe(
  'a PGlite folder whose collector was killed (SIGKILL), restarted under the same pid',
  { timeout: 60_000 },
  () => {
    // a container's collector killed (the OOM killer's SIGKILL) and the container restarted: the
    // new process is PID 1 again, and finds its own pid in the lock the killed one left
    it('is taken over: a pid in the lock that this process never wrote there is stale', async () => {
      const db = await pgliteDatabase()
      writeFileSync(join(db.dir, 'trackplan-collector.pid'), String(process.pid))
      const store = db.connect()
      try {
        expect(await store.insertBatch([storedEvent('a')], { outbox: false })).toEqual({
          inserted: ['a'],
          duplicates: [],
        })
      } finally {
        await store.close()
        await db.dispose()
      }
    })
  },
)

describe('a PGlite folder whose process is killed (SIGKILL) while it stores', () => {
  it(
    'keeps every batch it acknowledged, once, and its outbox rows',
    { timeout: 120_000 },
    async () => {
      const db = await pgliteDatabase()
      try {
        const child = spawn(
          process.execPath,
          [join(__dirname, 'fixtures/insertUntilKilled.mjs'), db.dir],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        )
        const acknowledged = new Set<string>()
        let pending = ''
        await new Promise<void>((enough, failed) => {
          child.on('exit', (code) =>
            failed(new Error(`the child exited (${code}) before the kill`)),
          )
          child.stdout.on('data', (chunk: Buffer) => {
            const lines = (pending + chunk.toString()).split('\n')
            pending = lines.pop() ?? ''
            for (const line of lines) if (line && line !== 'open') acknowledged.add(line)
            if (acknowledged.size >= 2000) enough()
          })
        })
        child.removeAllListeners('exit')
        const exited = new Promise((done) => child.on('exit', done))
        child.kill('SIGKILL')
        await exited
        const store = db.connect()
        const outbox: string[] = []
        for (
          let items = await store.takeOutbox(500);
          items.length > 0;
          items = await store.takeOutbox(500)
        )
          outbox.push(...items.map((item) => item.messageId))
        const stored = total(await store.stats({}))
        await store.close()
        expect([...acknowledged].filter((id) => !outbox.includes(id))).toEqual([])
        expect(new Set(outbox).size).toBe(outbox.length)
        expect(stored).toBe(outbox.length)
      } finally {
        await db.dispose()
      }
    },
  )
})

describe.skipIf(!POSTGRES_URL)('the PostgreSQL store', { timeout: 60_000 }, () =>
  storeContract(postgresBackend),
)

const SRC = resolve(__dirname, '../../src')
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : []
  })

describe('the database packages', () => {
  it('are loaded by their connectors only, on demand: no app bundle can contain them', () => {
    const peer = `'(pg|@electric-sql/pglite)'`
    const loading = [
      new RegExp(`^(import|export)(?!\\s+type\\b)[^';]*?from\\s*${peer}`, 'gm'), // static, values
      new RegExp(`(import|require)\\(\\s*${peer}\\s*\\)`, 'g'), // dynamic
    ]
    const loads = sourceFiles(SRC).flatMap((path) => {
      const text = readFileSync(path, 'utf8')
      return loading.flatMap((pattern) =>
        [...text.matchAll(pattern)].map((match) => `${relative(SRC, path)}: ${match[0]}`),
      )
    })
    expect(loads.sort()).toEqual([
      "collector/store/pgliteStore.ts: import('@electric-sql/pglite')",
      "collector/store/postgresStore.ts: import('pg')",
    ])
  })

  it('say which store could not reach its database, and never the password', async () => {
    const store = postgresStore({ url: 'postgres://collector:s3cret@127.0.0.1:1/analytics' })
    const failure = store.open()
    await expect(failure).rejects.toThrow(
      /^\[trackplan\] postgresStore could not open its database: .*ECONNREFUSED/,
    )
    await expect(failure).rejects.not.toThrow(/s3cret/)
    await store.close()
  })

  it('name what to install when one is missing', async () => {
    // @ts-expect-error -- a package that is not installed, on purpose
    const load = () => import('trackplan-no-such-peer')
    await expect(loadPeer('trackplan-no-such-peer', 'pgliteStore', load)).rejects.toThrow(
      '[trackplan] pgliteStore needs trackplan-no-such-peer, which is not installed: npm install trackplan-no-such-peer',
    )
  })
})
