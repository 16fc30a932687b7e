// `trackplan/collector` as a team runs it: a small React app (test/collector/app) installed from
// the packed tarball, its plan a .ts file, built by Vite with `httpSink` pointing at `trackplan
// collect` on another origin. First without the database drivers (the collector names the one
// to install), then with them, as docs/collector.md says. Real Chromium clicks a planned event,
// a violating one and an unplanned one; they arrive as a full JSON batch (a CORS preflight) and
// as the page is left (keepalive). The collector (the tarball's bin) reports them while it runs
// (`trackplan report --url`), stops on SIGTERM (drains, exits 0), and `trackplan report` shows
// each: the planned event's volume, the violation's kind and rate, the unplanned name and the
// planned one it is near, the planned events never seen. Also: the app's bundle holds none of
// the collector. Once on the default PGlite folder; once more on the PostgreSQL server
// TRACKPLAN_TEST_POSTGRES_URL names (`.ci/run` starts one), in a schema of its own.
import { spawn, spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { at, checks, launchChromium, npxIn, ok, pack, root, serveFolder } from './harness.mjs'

const dir = mkdtempSync(join(tmpdir(), 'trackplan-collector-'))
const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' }
const npx = npxIn(dir, env)
const { check, fail, done } = checks('collector')
const PLAN = 'src/plan.ts'
/** `--db` as typed: none for the default folder (.trackplan/collector), as the docs start it. */
const dbOption = (db) => (db === undefined ? [] : ['--db', db])
const POSTGRES_URL = process.env.TRACKPLAN_TEST_POSTGRES_URL

// what the page sends: Viewed Pricing on mount, then these clicks
const CLICKS = { 'Upgrade to pro': 3, 'Upgrade to gold': 1, 'Chat with us': 2 }
const BEFORE_CHAT = 1 + CLICKS['Upgrade to pro'] + CLICKS['Upgrade to gold']
const ALL = BEFORE_CHAT + CLICKS['Chat with us']

const until = async (what, fn, timeout = 30_000) => {
  const end = Date.now() + timeout
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** JSON with every object's keys sorted: two values compared whatever order they were built in. */
const canonical = (value) =>
  JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )

/** A port nothing listens on now: both collectors take it in turn, so one build serves both. */
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/**
 * `trackplan collect` from the tarball's bin, run as a supervisor runs it (not under `npx`, which
 * does not pass SIGTERM on: decision 0170); resolves once it prints its URL. `exit` resolves with
 * its exit code (or signal) and everything it wrote.
 */
async function startCollector({ db, port, origin }) {
  const child = spawn(
    join(dir, 'node_modules/.bin/trackplan'),
    ['collect', '--plan', PLAN, ...dbOption(db), '--port', String(port), '--allow-origin', origin],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (d) => (output.stdout += d))
  child.stderr.on('data', (d) => (output.stderr += d))
  const exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, ...output })),
  )
  let exited = null
  exit.then((result) => (exited = result))
  const url = await until(
    'the collector to print its URL',
    () => {
      if (exited)
        throw new Error(`trackplan collect exited ${exited.code}\n${exited.stdout}${exited.stderr}`)
      return output.stdout.match(/listening on (http:\/\/\S+)/)?.[1]
    },
    90_000,
  ).catch((error) => {
    child.kill('SIGKILL')
    throw error
  })
  return { url, child, exit, output }
}

/** The running collector's report (`GET /v1/report`), as data. */
const liveReport = async (url) => (await fetch(`${url}/v1/report`)).json()

/**
 * Waits until the running collector holds `count` events; when it does not in time, says what
 * the collector counted (refused requests by status) and what the page said.
 */
async function arrived(collector, count, pageSaid) {
  let last
  try {
    await until(`${count} events at the collector`, async () => {
      last = await liveReport(collector.url)
      return last.total.count === count
    })
  } catch (error) {
    throw new Error(
      `${error.message}: it has ${last?.total.count}, counted ${JSON.stringify(last?.collector)}\n${pageSaid().join('\n')}`,
      { cause: error },
    )
  }
}

/** Opens the app, clicks, and leaves the page; the collector has every event when it resolves. */
async function driveApp(browser, site, collector) {
  const page = await browser.newPage()
  const problems = []
  const logged = []
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`))
  page.on('console', (m) => m.type() === 'error' && logged.push(`console: ${m.text()}`))
  await page.goto(site.url)
  for (const name of ['Upgrade to pro', 'Upgrade to gold'])
    for (let i = 0; i < CLICKS[name]; i++) await page.getByRole('button', { name }).click()
  // a full batch leaves at once: JSON across origins, so a CORS preflight first
  await arrived(collector, BEFORE_CHAT, () => [...problems, ...logged])
  for (let i = 0; i < CLICKS['Chat with us']; i++)
    await page.getByRole('button', { name: 'Chat with us' }).click()
  // the rest wait for the flush interval (a minute): they leave only as the page is left
  await page.close({ runBeforeUnload: true })
  await arrived(collector, ALL, () => [...problems, ...logged])
  if (problems.length) throw new Error(problems.join('\n'))
  // two requests (the full batch, the page leaving), every envelope taken, nothing refused
  const { collector: counts } = await liveReport(collector.url)
  const expected = { batches: 2, accepted: ALL, duplicates: 0, rejected: 0, refused: {} }
  if (canonical(counts) !== canonical(expected))
    throw new Error(
      `the collector counted ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}`,
    )
}

/** `trackplan report` on the stopped collector's database, or asking a running one (`--url`). */
const report = (from, format) => {
  const args = from.url ? ['--url', from.url] : [...dbOption(from.db), '--plan', PLAN]
  const result = ok(
    npx(['trackplan', 'report', ...args, '--format', format]),
    `trackplan report ${args.join(' ')} --format ${format}`,
  )
  return format === 'json' ? JSON.parse(result.stdout) : result.stdout
}

function assertJsonReport(json) {
  const planned = Object.fromEntries(json.planned.map((e) => [e.event, e]))
  const problems = []
  const expect = (what, actual, expected) => {
    if (canonical(actual) !== canonical(expected))
      problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
  }
  expect('total events', json.total.count, ALL)
  expect(
    'Viewed Pricing',
    [planned['Viewed Pricing']?.count, planned['Viewed Pricing']?.violating],
    [1, 0],
  )
  const upgrade = planned['Clicked Upgrade']
  expect(
    'Clicked Upgrade events',
    upgrade?.count,
    CLICKS['Upgrade to pro'] + CLICKS['Upgrade to gold'],
  )
  expect('Clicked Upgrade violating', upgrade?.violating, 1)
  expect('Clicked Upgrade violation rate', upgrade?.violationRate, 0.25)
  expect('Clicked Upgrade by kind', upgrade?.byKind, { enum: { count: 1, rate: 0.25 } })
  expect('never seen', json.neverSeen, ['Opened Chat', 'Started Checkout'])
  expect(
    'unplanned',
    json.unplanned.map(({ event, count, near }) => ({ event, count, near })),
    [{ event: 'opened_chat', count: CLICKS['Chat with us'], near: ['Opened Chat'] }],
  )
  expect(
    'plan versions',
    json.versions.map((v) => [v.count, v.current]),
    [[ALL, true]],
  )
  if (problems.length) throw new Error(`${problems.join('\n')}\n${JSON.stringify(json, null, 2)}`)
}

function assertTextReport(text) {
  for (const line of [
    `trackplan report: ${ALL} events`,
    'Planned events: 2 of 4 seen',
    /Clicked Upgrade +4 events, 25% violating \(enum 1\)/,
    /Viewed Pricing +1 events?, no violations/,
    'never seen: Opened Chat, Started Checkout',
    'Unplanned events: 1',
    /opened_chat +2 +\(near "Opened Chat"\)/,
  ]) {
    if (typeof line === 'string' ? !text.includes(line) : !line.test(text))
      throw new Error(`missing ${line} in\n${text}`)
  }
}

/** The whole path on one database: collect, the app in Chromium, SIGTERM, report. */
async function endToEnd(name, db, { browser, site, port }) {
  let collector
  await check(
    `${name}: trackplan collect (the tarball's bin) starts and prints its URL`,
    async () => {
      collector = await startCollector({ db, port, origin: site.url })
      if (collector.url !== `http://127.0.0.1:${port}`)
        throw new Error(`listening on ${collector.url}`)
    },
  )
  if (!collector) return
  try {
    await check(
      `${name}: the app's events arrive from another origin (CORS), the last ones as the page is left`,
      () => driveApp(browser, site, collector),
    )
    await check(`${name}: trackplan report --url asks the running collector: the same report`, () =>
      assertJsonReport(report({ url: collector.url }, 'json')),
    )
    if (db === undefined)
      await check(
        `${name}: trackplan report on the folder the collector holds says why, and to ask it with --url (exit 2)`,
        () => {
          const result = npx(['trackplan', 'report', '--plan', PLAN])
          const said = result.stdout + result.stderr
          if (
            result.status !== 2 ||
            !said.includes('is open in process') ||
            !said.includes('trackplan report --url')
          )
            throw new Error(`exit ${result.status}\n${said}`)
        },
      )
  } finally {
    collector.child.kill('SIGTERM')
  }
  await check(`${name}: SIGTERM: the collector drains and exits 0`, async () => {
    const exit = await Promise.race([
      collector.exit,
      new Promise((r) => setTimeout(() => r(null), 30_000)),
    ])
    if (!exit) {
      collector.child.kill('SIGKILL')
      throw new Error('still running 30 s after SIGTERM')
    }
    if (exit.code !== 0 || !exit.stdout.includes('trackplan collector: stopped'))
      throw new Error(`exit ${exit.code ?? exit.signal}\n${exit.stdout}${exit.stderr}`)
  })
  await check(
    `${name}: trackplan report --format json: the planned event's volume, the violation's kind and rate, the unplanned name and its near one, planned events never seen`,
    () => assertJsonReport(report({ db }, 'json')),
  )
  await check(`${name}: trackplan report (text) says the same`, () =>
    assertTextReport(report({ db }, 'text')),
  )
}

/** Markers of the collector's server side: its drivers and its SQL. */
const SERVER_ONLY = ['@electric-sql/pglite', 'pg_advisory_xact_lock', 'trackplan_message_ids']

const bundleFiles = (folder) =>
  readdirSync(folder, { recursive: true })
    .map((f) => join(folder, f))
    .filter((f) => statSync(f).isFile() && f.endsWith('.js'))

/** `trackplan collect` before the drivers are installed: the message says which one, and how. */
function missingDriverSaysSo() {
  for (const [db, driver] of [
    [undefined, '@electric-sql/pglite'],
    ['postgres://trackplan@127.0.0.1:1/none', 'pg'],
  ]) {
    const result = npx(['trackplan', 'collect', '--plan', PLAN, ...dbOption(db), '--port', '0'])
    const said = result.stdout + result.stderr
    if (result.status !== 2 || !said.includes(`npm install ${driver}`))
      throw new Error(`--db ${db ?? '(default)'}: exit ${result.status}\n${said}`)
  }
}

/** A schema of its own on the server, in the URL's search_path: the collector's tables go there. */
async function postgresSchema(url) {
  const { Client } = createRequire(join(dir, 'package.json'))('pg')
  const schema = `trackplan_e2e_${process.pid}_${Date.now()}`
  const admin = new Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  const withSchema = new URL(url)
  withSchema.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: withSchema.href,
    async drop() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`)
      await admin.end()
    },
  }
}

let site
let browser
try {
  cpSync(join(root, 'test/collector/app'), dir, { recursive: true })
  const tarball = pack(dir)
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'collector-app', private: true, version: '1.0.0', type: 'module' }),
  )
  const install = (packages, what) =>
    ok(
      spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], {
        cwd: dir,
        encoding: 'utf8',
        env,
      }),
      what,
    )
  // what a user installs first: the package, the app's React and Vite
  install([tarball, at('react'), at('react-dom'), at('vite')], 'npm install')
  await check(
    'without its database driver, trackplan collect names the package to install (exit 2)',
    () => missingDriverSaysSo(),
  )
  // and then what the collector says: its database drivers (optional peers of trackplan/collector)
  install(
    [at('@electric-sql/pglite'), ...(POSTGRES_URL ? [at('pg')] : [])],
    'npm install (the drivers)',
  )
  // the page's origin and the collector's port are known before the build that bakes them in
  site = await serveFolder(join(dir, 'dist'), { fallback: 'index.html' })
  const port = await freePort()
  ok(npx(['vite', 'build'], { VITE_COLLECTOR_URL: `http://127.0.0.1:${port}` }), 'vite build')
  await check("the app's bundle holds none of the collector: no database driver, no SQL", () => {
    const found = bundleFiles(join(dir, 'dist')).flatMap((file) => {
      const code = readFileSync(file, 'utf8')
      return SERVER_ONLY.filter((marker) => code.includes(marker)).map((m) => `${file}: ${m}`)
    })
    if (found.length) throw new Error(found.join('\n'))
  })
  browser = await launchChromium()
  await endToEnd('PGlite', undefined, { browser, site, port })
  if (POSTGRES_URL) {
    const database = await postgresSchema(POSTGRES_URL)
    try {
      await endToEnd('PostgreSQL', database.url, { browser, site, port })
    } finally {
      await database.drop()
    }
  } else console.log('  - PostgreSQL: skipped (TRACKPLAN_TEST_POSTGRES_URL is not set)')
} catch (error) {
  fail(`  ✗ the collector's app could not be set up\n${error.message}`)
} finally {
  await browser?.close()
  site?.close()
  if (process.env.KEEP_COLLECTOR) console.log(`kept ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
done()
