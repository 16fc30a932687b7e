// @vitest-environment node
// Durability through HTTP: `trackplan collect` as a real process, killed (SIGKILL) several
// times while a load generator and an httpSink post to it, each time restarted on the same
// port and database. Every acknowledged event is stored once, every event httpSink was
// given is stored once by the end (its own retries resend what was not acknowledged), no
// batch is half stored, and the report counts what is stored. Invariants, not timings.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createTracker, httpSink, type Tracker } from 'trackplan/core'
import { describe, expect, it } from 'vitest'
import { envelope, plan } from './helpers'
import {
  pgliteBackend,
  pgliteDatabase,
  POSTGRES_URL,
  postgresBackend,
  type StoreBackend,
} from './storeBackends'

const root = fileURLToPath(new URL('../..', import.meta.url))
const planFile = fileURLToPath(new URL('../cli/fixtures/plan.ts', import.meta.url))

const BATCH_SIZE = 20

/** A moment to kill at: once this many more events were acknowledged to each sender. */
interface Moment {
  raw: number
  httpSink: number
}

const KILL_MOMENTS: readonly Moment[] = [
  // steady load: both senders have requests under way
  { raw: 200, httpSink: 100 },
  // right after a restart: the first batches stored after recovery
  { raw: 20, httpSink: 0 },
  // httpSink's retries mid-delivery: the backlog it kept while the collector was down
  { raw: 100, httpSink: 200 },
]
/** Load on the last collector too, before the senders stop. */
const AFTER_THE_LAST_KILL: Moment = { raw: 100, httpSink: 100 }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const until = async (what: string, condition: () => boolean, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

interface RunningCollector {
  url: string
  process: ChildProcess
  /** Its exit code; null when a signal ended it. */
  exited: Promise<number | null>
}

/** `trackplan collect` from source in a process of its own, once it listens. */
async function startCollector(db: string, port: number): Promise<RunningCollector> {
  const args = ['collect', '--plan', planFile, '--db', db, '--port', String(port)]
  const child = spawn(
    process.execPath,
    ['--import', 'jiti/register', 'src/cli/index.ts', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  let err = ''
  child.stdout!.on('data', (chunk) => (out += chunk))
  child.stderr!.on('data', (chunk) => (err += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const listening = () => /listening on (http:\/\/\S+)/.exec(out)?.[1]
  await until('the collector to listen', () => !!listening() || child.exitCode !== null, 120_000)
  const url = listening()
  if (!url) throw new Error(`the collector did not start (exit ${child.exitCode}): ${err}`)
  return { url, process: child, exited }
}

interface RawLoad {
  /** The messageIds of every batch posted, one array per batch. */
  batches: string[][]
  /** Events of batches answered 200, all accepted. */
  acknowledged: Set<string>
  /** Answers of 200 that did not accept the whole batch (none expected: every id is new). */
  unexpected: unknown[]
  stop(): Promise<void>
}

/** Posts batches of new events from `workers` loops until stopped; nothing is retried. */
function postRawBatches(url: string, workers: number): RawLoad {
  const load: Omit<RawLoad, 'stop'> = { batches: [], acknowledged: new Set(), unexpected: [] }
  let stopped = false
  let next = 0
  const postOne = async (): Promise<boolean> => {
    const batch = Array.from({ length: BATCH_SIZE }, () => envelope({ messageId: `raw-${next++}` }))
    const ids = batch.map((event) => event.messageId as string)
    load.batches.push(ids)
    try {
      const answer = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
        signal: AbortSignal.timeout(10_000),
      })
      const counts = (await answer.json()) as { accepted?: number }
      if (answer.status !== 200) return false
      if (counts.accepted === BATCH_SIZE) for (const id of ids) load.acknowledged.add(id)
      else load.unexpected.push(counts)
      return true
    } catch {
      // refused, reset, or cut off mid-answer: not acknowledged
      return false
    }
  }
  const worker = async () => {
    while (!stopped) if (!(await postOne())) await sleep(50)
  }
  const running = Promise.all(Array.from({ length: workers }, worker))
  return {
    ...load,
    async stop() {
      stopped = true
      await running
    },
  }
}

interface SteadyTracking {
  tracker: Tracker
  /** The messageIds of every event tracked. */
  tracked: string[]
  stop(): void
}

/** A tracker with an httpSink (fetch, in Node) tracking a few events every few ms until stopped. */
function trackSteadily(url: string): SteadyTracking {
  const sink = httpSink({
    url: `${url}/v1/batch`,
    persist: false,
    flushInterval: 20,
    // a backlog while the collector is down is kept, not cut: this test counts every event
    maxQueueSize: 100_000,
    timeout: 10_000,
    retry: { baseDelay: 50, maxDelay: 500, maxAttempts: 1000 },
  })
  const tracker = createTracker({ plan, sinks: [sink], validation: 'off' })
  const tracked: string[] = []
  const timer = setInterval(() => {
    for (let i = 0; i < 5; i++) {
      // null: not tracked (stats().tracked, compared below, would say so)
      const event = tracker.track('Viewed Pricing', { plan: 'pro' })
      if (event) tracked.push(event.messageId)
    }
  }, 50)
  return { tracker: tracker as Tracker, tracked, stop: () => clearInterval(timer) }
}

interface Senders {
  raw: RawLoad
  steady: SteadyTracking
}

/** Waits until each sender had `moment`'s events acknowledged, from now. */
async function untilMoment({ raw, steady }: Senders, moment: Moment): Promise<void> {
  const delivered = () => steady.tracker.stats().delivered
  const raw0 = raw.acknowledged.size
  const httpSink0 = delivered()
  await until(
    `${moment.raw} more events acknowledged to the load generator and ${moment.httpSink} to httpSink`,
    () => raw.acknowledged.size >= raw0 + moment.raw && delivered() >= httpSink0 + moment.httpSink,
    120_000,
  )
}

/** What the senders were told and what the database holds, after the last collector stopped. */
function expectStoredOnce({ raw, steady }: Senders, ids: readonly string[], reported: number) {
  const stored = new Set(ids)
  const { tracked, tracker } = steady
  expect(raw.unexpected).toEqual([])
  expect(ids.length).toBe(stored.size) // no messageId twice
  expect([...raw.acknowledged].filter((id) => !stored.has(id))).toEqual([])
  expect(tracker.stats()).toMatchObject({ tracked: tracked.length, delivered: tracked.length })
  expect(tracked.filter((id) => !stored.has(id))).toEqual([])
  const halfStored = raw.batches.filter((batch) => {
    const kept = batch.filter((id) => stored.has(id)).length
    return kept !== 0 && kept !== batch.length
  })
  expect(halfStored).toEqual([])
  const known = new Set([...raw.batches.flat(), ...tracked])
  expect(ids.filter((id) => !known.has(id))).toEqual([])
  expect(reported).toBe(ids.length)
}

/** The figures of a run, for the test's annotation. */
function figures({ raw, steady }: Senders, ids: readonly string[]): string {
  const stored = new Set(ids)
  const unacknowledged = raw.batches.flat().filter((id) => !raw.acknowledged.has(id))
  return (
    `${KILL_MOMENTS.length} kills: ${raw.acknowledged.size} events acknowledged to the load generator, ` +
    `${unacknowledged.filter((id) => stored.has(id)).length} of its ${unacknowledged.length} unacknowledged stored anyway; ` +
    `${steady.tracked.length} tracked through httpSink; ${ids.length} rows`
  )
}

// one database in this file: the collector's first start creates the folder, no template
const emptyPglite: StoreBackend = {
  ...pgliteBackend,
  database: () => pgliteDatabase({ empty: true }),
}
const backends: StoreBackend[] = POSTGRES_URL ? [emptyPglite, postgresBackend] : [emptyPglite]

describe.each(backends)('$name: a collector killed (SIGKILL) mid-load and restarted', (backend) => {
  it(
    'keeps every acknowledged event once; httpSink resends the rest, each stored once',
    { timeout: 300_000 },
    async ({ annotate }) => {
      const db = await backend.database()
      let collector = await startCollector(db.location, 0)
      try {
        const { url } = collector
        const senders: Senders = { raw: postRawBatches(url, 2), steady: trackSteadily(url) }
        try {
          for (const moment of KILL_MOMENTS) {
            await untilMoment(senders, moment)
            collector.process.kill('SIGKILL')
            expect(await collector.exited).toBe(null)
            collector = await startCollector(db.location, Number(new URL(url).port))
          }
          await untilMoment(senders, AFTER_THE_LAST_KILL)
        } finally {
          senders.steady.stop()
          await senders.raw.stop()
        }
        const { tracker, tracked } = senders.steady
        await until(
          'httpSink to deliver every event',
          () => tracker.stats().delivered === tracked.length,
          120_000,
        )
        const report = (await (await fetch(`${url}/v1/report`)).json()) as {
          total: { count: number }
        }
        collector.process.kill('SIGTERM')
        expect(await collector.exited).toBe(0)
        await tracker.close()
        const rows = await db.inspect('SELECT message_id FROM trackplan_events')
        const ids = rows.map((row) => row.message_id as string)
        expectStoredOnce(senders, ids, report.total.count)
        await annotate(figures(senders, ids))
      } finally {
        if (collector.process.exitCode === null && collector.process.signalCode === null)
          collector.process.kill('SIGKILL')
        await collector.exited
        await db.dispose()
      }
    },
  )
})
