// Next.js App Router as users run it: test/next/app built from the packed tarball with
// Next 16, then driven in Debian's Chromium by a Playwright suite using trackplan's own
// fixture — against `next build && next start` and against `next dev` (Turbopack):
// Server-Component-placed TrackClick/TrackView with a sync and an async child, a plan
// imported by Route Handlers, per-request identity on the server, one page view per
// client-side navigation, an abandonment on its form's page; docs/collector.md's collector
// Route Handler taking the page's own httpSink batches and reporting them (PGlite in a temporary
// folder, or a schema of its own on TRACKPLAN_TEST_POSTGRES_URL's server). Then the bytes the
// route pays: the same app built without trackplan, and what the route imports bundled on its own.
import { execFileSync, spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { at, checks, ok, pack, root } from './harness.mjs'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const NEXT = 'next@16.4.6' // TOOLCHAIN.md: runs on Node 20.20
const base = mkdtempSync(join(tmpdir(), 'trackplan-next-'))
const app = join(base, 'app')
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  FORCE_COLOR: '0',
  CI: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
}
delete env.NO_COLOR
const run = (cwd, args, extra = {}) =>
  spawnSync('npx', args, {
    cwd,
    encoding: 'utf8',
    env: { ...env, ...extra },
    maxBuffer: 64 * 1024 * 1024,
  })

const { check, fail, done } = checks('next.js')

// The collector's store, one per server the suite starts: a PGlite folder each, or one
// PostgreSQL schema made for this run (the suite counts what it adds, so both may share it).
const postgresUrl = process.env.TRACKPLAN_TEST_POSTGRES_URL
const schema = `trackplan_next_${process.pid}`
const collectorStore = (mode) =>
  postgresUrl
    ? { TRACKPLAN_TEST_POSTGRES_URL: withSearchPath(postgresUrl, schema) }
    : { TRACKPLAN_TEST_COLLECTOR_DIR: join(base, `collector-${mode}`) }
function withSearchPath(url, searchPath) {
  const parsed = new URL(url)
  parsed.searchParams.set('options', `-c search_path=${searchPath}`)
  return parsed.href
}
async function onPostgres(work) {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: postgresUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
/** What the collector's store holds after `next build`: nothing, for a route that opens it on its first request. */
const storeAfterBuild = () =>
  postgresUrl
    ? onPostgres(async (client) => {
        const { rows } = await client.query(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
          [schema],
        )
        return rows.map((row) => row.table_name)
      })
    : existsSync(join(base, 'collector-start'))
      ? readdirSync(join(base, 'collector-start'))
      : []

/** The files under `dir` (recursively) whose text contains `needle`. */
function filesContaining(dir, needle) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(js|mjs|cjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => readFileSync(file, 'utf8').includes(needle))
}
// said only by src/collector/store/folderLock.ts: in a chunk, the collector's code is in it
const COLLECTOR_ONLY = 'trackplan-collector.pid'
// `--bytes` (npm run bench -- route): only the builds and the route's bytes, as one JSON line
const bytesOnly = process.argv.includes('--bytes')

/** The gzipped bytes of the JavaScript the prerendered page `/` loads. */
function routeBytes(dir) {
  const html = readFileSync(join(dir, '.next/server/app/index.html'), 'utf8')
  const scripts = [
    ...new Set([...html.matchAll(/\/_next\/(static\/[^"'\s]+?\.js)/g)].map((m) => m[1])),
  ]
  return scripts.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(dir, '.next', file)), { level: 9 }).length,
    0,
  )
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
try {
  cpSync(join(root, 'test/next/app'), app, { recursive: true })
  const tarball = pack(base)
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'next-app', private: true, version: '1.0.0' }),
  )
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      NEXT,
      at('react'),
      at('react-dom'),
      at('@types/react'),
      at('@types/react-dom'),
      at('@types/node'),
      at('typescript'),
      at('@playwright/test'),
      // the collector's optional peers, as a user of its stores installs them
      at('@electric-sql/pglite'),
      at('pg'),
      at('@types/pg'),
    ],
    { cwd: app, stdio: 'inherit', env },
  )

  if (!bytesOnly) {
    if (postgresUrl) await onPostgres((client) => client.query(`CREATE SCHEMA ${schema}`))
    await check(
      'next build: Server Components placing TrackClick/TrackView, Route Handlers importing the plan and the collector',
      () => ok(run(app, ['next', 'build'], collectorStore('start')), 'next build'),
    )
    await check(
      "next build leaves the collector's store unopened: the route makes its collector on the first request",
      async () => {
        const found = await storeAfterBuild()
        if (found.length)
          throw new Error(`next build opened the collector's store: ${found.join(', ')}`)
      },
    )
    await check('the collector is in the server bundle and in no client chunk', () => {
      if (!filesContaining(join(app, '.next/server'), COLLECTOR_ONLY).length)
        throw new Error(
          `no server chunk says ${COLLECTOR_ONLY}: the check looks for the wrong text`,
        )
      const client = filesContaining(join(app, '.next/static'), COLLECTOR_ONLY)
      if (client.length) throw new Error(`client chunks hold the collector: ${client.join(', ')}`)
    })
    await check(
      'next start, in Chromium: children, page views, abandonment, server identity, the plan on the server, the collector',
      () =>
        ok(run(app, ['playwright', 'test'], collectorStore('start')), 'playwright (next start)'),
    )
    await check('next dev (Turbopack), in Chromium: the same suite', () =>
      ok(
        run(app, ['playwright', 'test'], { NEXT_MODE: 'dev', ...collectorStore('dev') }),
        'playwright (next dev)',
      ),
    )
  }

  // the same pages in both builds: the route with trackplan, then without it (plain elements
  // where the components were, no provider), built in the same folder
  rmSync(join(app, 'app/signup'), { recursive: true })
  rmSync(join(app, 'app/api'), { recursive: true })
  rmSync(join(app, 'app/collect'), { recursive: true })
  rmSync(join(app, 'app/upgrade'), { recursive: true })
  rmSync(join(app, '.next'), { recursive: true, force: true }) // next dev's types name the removed pages
  ok(run(app, ['next', 'build']), 'next build (with trackplan, the route alone)')
  const withTrackplan = routeBytes(app)
  const strip = (file, edits) => {
    let text = readFileSync(join(app, file), 'utf8')
    for (const [from, to] of edits) text = text.replace(from, to)
    writeFileSync(join(app, file), text)
  }
  strip('app/page.tsx', [
    [/import \{ TrackClick, TrackView \} from 'trackplan'\n/, ''],
    [/<\/?Track(View|Click)[^>]*>/g, ''],
  ])
  strip('app/layout.tsx', [
    [/import \{ Tracking \} from '..\/lib\/tracking'\n/, ''],
    [/<\/?Tracking>/g, ''],
  ])
  rmSync(join(app, '.next'), { recursive: true, force: true })
  ok(run(app, ['next', 'build']), 'next build (without trackplan)')
  const without = routeBytes(app)
  const added = withTrackplan - without
  const imported = await build({
    stdin: {
      contents:
        "export { TrackingProvider, TrackPageViews, TrackClick, TrackView } from 'trackplan'\nexport { createTracker, httpSink, defineTrackingPlan, builtInEvents } from 'trackplan/core'\n",
      resolveDir: app,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    define: { 'process.env.NODE_ENV': '"production"' },
  }).then((r) => gzipSync(r.outputFiles[0].contents, { level: 9 }).length)
  const budget = Math.round(imported * 1.1 + 1024) // module wrappers and the route's own chunking
  if (bytesOnly)
    console.log(
      `ROUTE_BYTES ${JSON.stringify({ added, imported, budget, withTrackplan, without })}`,
    )
  console.log(
    `  route "/": +${kb(added)} gzip over the same route without trackplan; what it imports, bundled alone: ${kb(imported)}; budget ${kb(budget)}`,
  )
  await check(
    `the route's added bytes (${kb(added)}) stay within its budget (${kb(budget)})`,
    () => {
      if (added > budget)
        throw new Error(`the route pays ${kb(added)}, over its budget of ${kb(budget)}`)
    },
  )
} catch (error) {
  fail(String(error.message ?? error))
} finally {
  if (postgresUrl && !bytesOnly)
    await onPostgres((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(
      (error) => fail(`dropping schema ${schema}: ${error.message}`),
    )
  rmSync(base, { recursive: true, force: true })
}
done()
