// `node bench/collector-floor.mjs [--seconds 10]`: the collector's floor (issue 34), the most
// events per second its database can take with no HTTP in front: `store.insertBatch` alone,
// which is the one INSERT … SELECT statement (one per table, the whole batch one jsonb
// parameter) that every POST /v1/batch runs. For PGlite (a folder) and, when
// TRACKPLAN_BENCH_POSTGRES_URL or TRACKPLAN_TEST_POSTGRES_URL names a server, PostgreSQL
// (in a schema of its own, dropped afterwards); batches of 20 (httpSink's) and of 1,000;
// one batch at a time, and 8 at once (as from concurrent requests: on PGlite, batches that
// wait while one is stored go together in the next statement; on PostgreSQL, a pool of 8).
//
// The store is loaded from src/ through jiti: this measures SQL and the database, not the
// build. `collectorFloor()` is exported for the bench runner (`npm run bench -- collector`).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createJiti } from 'jiti'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * A realistic track envelope as httpSink sends it, ~700 bytes; one in ten violates the plan
 * (`seats` as a string). The HTTP bench (`npm run bench -- collector`) posts these same
 * envelopes, so its figures and the floor's are for the same rows.
 */
export function checkoutEnvelope(n, run) {
  const now = new Date().toISOString()
  return {
    type: 'track',
    event: 'Checkout Step Completed',
    messageId: `floor-${run}-${n}`,
    anonymousId: `anon-${n % 5000}`,
    userId: null,
    timestamp: now,
    sentAt: now,
    properties: {
      step: (n % 4) + 1,
      plan: 'pro',
      seats: isViolating(n) ? String(n % 50) : n % 50,
      coupon: null,
      currency: 'EUR',
    },
    context: {
      library: { name: 'trackplan', version: '1.0.0' },
      page: { path: '/checkout', url: 'https://shop.example.org/checkout', title: 'Checkout' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36',
      locale: 'de-DE',
    },
  }
}

const isViolating = (n) => n % 10 === 0

/** The stored row for `checkoutEnvelope(n, run)`, its violation with it. */
function makeEvent(n, run) {
  const envelope = checkoutEnvelope(n, run)
  return {
    messageId: envelope.messageId,
    type: 'track',
    event: envelope.event,
    envelope,
    receivedAt: envelope.timestamp,
    timestamp: envelope.timestamp,
    planVersion: 'sha256:0f3c9a1e',
    violations: isViolating(n)
      ? [{ kind: 'type', path: '/properties/seats', message: 'must be integer' }]
      : [],
    status: 'accepted',
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

/** Batches of `batchSize`, `inFlight` at once, for `seconds`: rows/s and per-batch latency. */
async function measure(store, { batchSize, inFlight, seconds, run }) {
  let next = 0
  let rows = 0
  const latencies = []
  const started = performance.now()
  const until = started + seconds * 1000
  const worker = async () => {
    while (performance.now() < until) {
      const batch = Array.from({ length: batchSize }, () => makeEvent(next++, run))
      const t0 = performance.now()
      const { inserted } = await store.insertBatch(batch, { outbox: false })
      latencies.push(performance.now() - t0)
      rows += inserted.length
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    batchSize,
    inFlight,
    rowsPerSecond: Math.round(rows / elapsed),
    p50Ms: +quantile(latencies, 0.5).toFixed(2),
    p99Ms: +quantile(latencies, 0.99).toFixed(2),
  }
}

/** `work` given a URL whose tables live in a schema of their own, dropped afterwards. */
export async function withPostgresSchema(url, work, prefix = 'trackplan_floor') {
  const { default: pg } = await import('pg')
  const schema = `${prefix}_${process.pid}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`)
  const inSchema = new URL(url)
  inSchema.searchParams.set('options', `-c search_path=${schema}`)
  try {
    return await work(inSchema.toString())
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  }
}

/** The floor of each store this machine has, as rows of a table. */
export async function collectorFloor({ seconds = 10, postgresUrl, log = console.log } = {}) {
  const jiti = createJiti(import.meta.url)
  const { pgliteStore, postgresStore } = await jiti.import(
    join(root, 'src/collector/store/index.ts'),
  )
  const results = []
  const runAll = async (name, store, inFlights) => {
    await store.open()
    for (const batchSize of [20, 1000])
      for (const inFlight of inFlights) {
        const run = `${name}-${batchSize}-${inFlight}-${Date.now()}`
        const result = {
          store: name,
          ...(await measure(store, { batchSize, inFlight, seconds, run })),
        }
        log(
          `${name}, batches of ${batchSize}, ${inFlight} at once: ${result.rowsPerSecond} rows/s (p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms per batch)`,
        )
        results.push(result)
      }
    await store.close()
  }
  const dir = mkdtempSync(join(tmpdir(), 'trackplan-floor-'))
  try {
    await runAll('PGlite', pgliteStore({ dir: join(dir, 'db') }), [1, 8])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (postgresUrl)
    await withPostgresSchema(postgresUrl, (url) =>
      runAll('PostgreSQL', postgresStore({ url, poolSize: 8 }), [1, 8]),
    )
  else log('PostgreSQL: skipped (set TRACKPLAN_BENCH_POSTGRES_URL to measure it)')
  return results
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 10
  const postgresUrl =
    process.env.TRACKPLAN_BENCH_POSTGRES_URL ?? process.env.TRACKPLAN_TEST_POSTGRES_URL
  const results = await collectorFloor({ seconds, postgresUrl })
  console.log('\n| store | batch | at once | rows/s | p50 per batch | p99 per batch |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const r of results)
    console.log(
      `| ${r.store} | ${r.batchSize} | ${r.inFlight} | ${r.rowsPerSecond.toLocaleString('en')} | ${r.p50Ms} ms | ${r.p99Ms} ms |`,
    )
}
