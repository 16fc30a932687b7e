// `npm run bench`: trackplan side by side with react-tracking, in one run, on this machine.
// Numbers, not assertions: bundle bytes, mount time, re-renders, track() throughput.
// Runs against the built package (dist/), as users get it; builds it first when missing.
import { execSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { JSDOM } from 'jsdom'
import { BUTTONS, mountContestants } from './apps.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const require = createRequire(import.meta.url)
const results = {}
const argv = process.argv.slice(2)
// `--seconds N`: how long the collector section's sustained run lasts (default 30)
const secondsFlag = argv.indexOf('--seconds')
const only =
  secondsFlag === -1 ? argv : argv.filter((_, i) => i !== secondsFlag && i !== secondsFlag + 1)
const wanted = (name) => only.length === 0 || only.includes(name)
const SECTIONS = [
  'bytes',
  'mount',
  'rerenders',
  'throughput',
  'delivery',
  'chromium',
  'route',
  'collector',
]

// ---------------------------------------------------------------- the collector (issue 34)
// Through HTTP on 127.0.0.1, with the floor from the same run: test/bench/collector.mjs. It
// loads the collector from src/ (as the floor does), so it needs no build.
if (only.includes('collector')) {
  const { collectorBench } = await import('./collector.mjs')
  const seconds = secondsFlag === -1 ? 30 : Number(argv[secondsFlag + 1])
  const postgresUrl =
    process.env.TRACKPLAN_BENCH_POSTGRES_URL ?? process.env.TRACKPLAN_TEST_POSTGRES_URL
  const collector = await collectorBench({ seconds, postgresUrl })
  console.log('\n## collector')
  for (const v of collector.verdicts)
    console.log(
      `  ${v.store}: ${v.eventsPerSecond} events/s (target ${v.target}: ${v.throughput}; floor, batches of 20: ${v.floorOf20}), p99 ${v.p99Ms} ms (target 100: ${v.latency}), nothing lost: ${v.nothingLost ? 'yes' : 'NO'}; fastest probe ${v.fastestProbe.eventsPerSecond} events/s at ${v.fastestProbe.concurrency} at once (p99 ${v.fastestProbe.p99Ms} ms)`,
    )
  const out = join(root, 'test/bench/results/collector.json')
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(
    out,
    JSON.stringify(
      { date: new Date().toISOString(), node: process.version, results: { collector } },
      null,
      2,
    ),
  )
  console.log(`\nwritten to ${out}`)
  process.exit(0)
}

if (!existsSync(join(root, 'dist/index.js')))
  execSync('npm run build', { cwd: root, stdio: 'inherit' })

// Each section runs in a fresh process: a heap grown by one (5,000 mounted buttons) would
// otherwise tax the next one's garbage collector.
if (only.length === 0) {
  const { execFileSync } = await import('node:child_process')
  const { readFileSync } = await import('node:fs')
  const merged = {}
  for (const section of SECTIONS) {
    execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), section], {
      stdio: 'inherit',
    })
    Object.assign(
      merged,
      JSON.parse(readFileSync(join(root, `test/bench/results/${section}.json`), 'utf8')).results,
    )
  }
  const out = join(root, `test/bench/results/${only.length === 1 ? only[0] : 'latest'}.json`)
  writeFileSync(
    out,
    JSON.stringify(
      { date: new Date().toISOString(), node: process.version, results: merged },
      null,
      2,
    ),
  )
  console.log(`\nall sections written to ${out}`)
  process.exit(0)
}

// ---------------------------------------------------------------- real Chromium
// jsdom's costs are not a browser's: the same contestants in Chromium (test/bench/chromium.mjs)
if (wanted('chromium')) {
  const { execFileSync } = await import('node:child_process')
  execFileSync(process.execPath, [join(root, 'test/bench/chromium.mjs')], {
    cwd: root,
    stdio: 'inherit',
  })
  process.exit(0)
}

// ---------------------------------------------------------------- a Next.js route's bytes
// The App Router route of test/next/app built with Next 16 from the packed tarball, and the
// same route without trackplan: what trackplan adds, against the bundle of what it imports.
if (wanted('route')) {
  const { execFileSync } = await import('node:child_process')
  const output = execFileSync(
    process.execPath,
    [join(root, 'test/package/nextjs.mjs'), '--bytes'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  const line = output.split('\n').find((l) => l.startsWith('ROUTE_BYTES '))
  if (!line) throw new Error(`the route build gave no numbers:\n${output}`)
  const route = JSON.parse(line.slice('ROUTE_BYTES '.length))
  results.route = { ...route, withinBudget: route.added <= route.budget }
  console.log(
    `route "/" (Next.js 16): trackplan adds ${route.added} B gzip; what it imports, bundled alone: ${route.imported} B; budget ${route.budget} B`,
  )
}

// ---------------------------------------------------------------- bundle bytes
/**
 * What an app's production bundle gets from `contents`, min+gzip. `gzip` is what loads up
 * front: everything reached by static imports, bundled as one file, with dynamic imports left
 * as imports. `lazy` is what the dynamic imports fetch later — trackplan's engine, as the first
 * tracker is made; the rage-click watcher, when `rageClicks` is on — as the gzip bytes of a
 * code-split build's other chunks. (A code-split build alone would overstate the up-front part:
 * esbuild files modules into shared chunks by every import it sees, side-effect-free ones too.)
 */
async function gzipBytes(contents) {
  const common = {
    stdin: { contents, resolveDir: root, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  }
  const lazyStays = {
    name: 'lazy-stays-lazy',
    setup: (b) =>
      b.onResolve({ filter: /.*/ }, (args) =>
        args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
      ),
  }
  const upFront = (await build({ ...common, plugins: [lazyStays] })).outputFiles[0].contents
  const split = await build({
    ...common,
    splitting: true,
    metafile: true,
    outdir: join(root, 'node_modules/.cache/bench-bytes'),
  })
  const gz = (bytes) => gzipSync(bytes, { level: 9 }).length
  const entry = { min: upFront.length, gzip: gz(upFront) }
  const chunks = split.outputFiles.filter((f) => f.path.endsWith('.js'))
  if (chunks.length === 1) return entry
  const total = chunks.reduce((sum, f) => sum + gz(f.contents), 0)
  return { ...entry, lazy: Math.max(0, total - entry.gzip) }
}

if (wanted('bytes')) {
  results.bytes = {
    'trackplan: TrackingProvider + useTrack + TrackClick': await gzipBytes(
      `export { TrackingProvider, useTrack, TrackClick } from './dist/index.js'`,
    ),
    'trackplan: the same, without createTracker (tracker passed in)': await gzipBytes(
      `import { TrackingProvider, useTrack, TrackClick } from './dist/index.js'; export { TrackingProvider, useTrack, TrackClick }`,
    ).then(async (withTracker) => {
      const tracker = await gzipBytes(`export { createTracker } from './dist/core/index.js'`)
      return {
        min: withTracker.min - tracker.min,
        gzip: withTracker.gzip - tracker.gzip,
        note: 'difference',
      }
    }),
    'trackplan/core: createTracker': await gzipBytes(
      `export { createTracker } from './dist/core/index.js'`,
    ),
    'react-tracking: useTracking (package import)': await gzipBytes(
      `export { useTracking } from 'react-tracking'`,
    ),
    'react-tracking: useTracking (deep import)': await gzipBytes(
      `export { default } from 'react-tracking/build/useTracking'`,
    ),
  }
}

// ---------------------------------------------------------------- a DOM for React
const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', {
  url: 'https://bench.local/',
})
for (const key of [
  'window',
  'document',
  'navigator',
  'HTMLElement',
  'Node',
  'Event',
  'MouseEvent',
  'localStorage',
  'Blob',
]) {
  Object.defineProperty(globalThis, key, {
    value: dom.window[key],
    configurable: true,
    writable: true,
  })
}
globalThis.IS_REACT_ACT_ENVIRONMENT = false
process.env.NODE_ENV = 'production'

const React = require('react')
const { createRoot } = require('react-dom/client')
const { flushSync } = require('react-dom')
const trackplan = await import(pathToFileURL(join(root, 'dist/index.js')).href)
const reactTracking = require('react-tracking')
const h = React.createElement
const noopSink = { name: 'noop', send() {} }
const tracker = trackplan.createTracker({ sinks: [noopSink], storage: 'memory' })
// the tracker's engine is its own chunk, fetched now: every measure below runs once it is there
await tracker.flush()

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const { apps: MOUNT_APPS, mountOnce } = mountContestants({
  React,
  createRoot,
  flushSync,
  trackplan,
  useTracking: reactTracking.useTracking,
  tracker,
})
const N = BUTTONS
const items = Array.from({ length: N }, (_, i) => i)

if (wanted('mount')) {
  // the four interleaved mount by mount, so that drift on the machine hits each alike
  const apps = MOUNT_APPS
  const times = { plain: [], wrapper: [], trackplan: [], 'react-tracking': [] }
  for (let round = 0; round < 33; round++) {
    for (const [name, App] of Object.entries(apps)) {
      const ms = mountOnce(App)
      if (round >= 3) times[name].push(ms) // three warm-up rounds
    }
  }
  const plain = median(times.plain)
  results.mount = Object.fromEntries(
    Object.entries(times).map(([name, xs]) => {
      const ms = median(xs)
      return [
        name,
        { ms: +ms.toFixed(1), overVsPlain: `${(((ms - plain) / plain) * 100).toFixed(1)} %` },
      ]
    }),
  )
  results.mount.note = `${N} buttons, median of 30 interleaved mounts each (flushSync, jsdom, production React, GC before each)`
}

// ---------------------------------------------------------------- re-renders
if (wanted('rerenders')) {
  const count = { trackplan: 0, 'react-tracking': 0 }
  let bumpTP, bumpRT
  const TPButton = () => {
    count.trackplan++
    const track = trackplan.useTrack()
    return h('button', { onClick: () => track('Clicked Button') }, 'x')
  }
  const TPTree = React.memo(() =>
    h(
      React.Fragment,
      null,
      items.slice(0, 100).map((i) => h(TPButton, { key: i })),
    ),
  )
  function TPApp() {
    const [n, setN] = React.useState(0)
    bumpTP = () => setN((x) => x + 1)
    return h(
      trackplan.TrackingProvider,
      { tracker, properties: { n } },
      h(trackplan.TrackScope, { properties: { m: n } }, h(TPTree)),
    )
  }
  const RTButtonCounted = () => {
    count['react-tracking']++
    const { trackEvent } = reactTracking.useTracking()
    return h('button', { onClick: () => trackEvent({ event: 'Clicked Button' }) }, 'x')
  }
  const RTTree = React.memo(() =>
    h(
      React.Fragment,
      null,
      items.slice(0, 100).map((i) => h(RTButtonCounted, { key: i })),
    ),
  )
  function RTApp() {
    const [n, setN] = React.useState(0)
    bumpRT = () => setN((x) => x + 1)
    const { Track } = reactTracking.useTracking({ n }, { dispatch: () => {} })
    return h(Track, null, h(RTTree))
  }
  for (const [App, bump, name] of [
    [TPApp, () => bumpTP(), 'trackplan'],
    [RTApp, () => bumpRT(), 'react-tracking'],
  ]) {
    const container = document.createElement('div')
    const root = createRoot(container)
    flushSync(() => root.render(h(App)))
    count[name] = 0
    for (let i = 0; i < 10; i++) flushSync(bump)
    flushSync(() => root.unmount())
  }
  results.rerenders = {
    'trackplan: tracked components re-rendered': count.trackplan,
    'react-tracking: tracked components re-rendered': count['react-tracking'],
    note: '100 tracked buttons, 10 changes of the provider/context properties',
  }
}

// ---------------------------------------------------------------- throughput
// Events come in bursts (a click, a render), never a million in one synchronous loop: calls
// are made in bursts of 100, with the microtask queue (where delivery runs) drained between.
async function throughput(fn, calls, flush) {
  const start = performance.now()
  for (let i = 0; i < calls;) {
    for (const end = i + 100; i < end; i++) fn(i)
    await null
  }
  await flush()
  const seconds = (performance.now() - start) / 1000
  return Math.round(calls / seconds)
}

if (wanted('throughput')) {
  const calls = 1_000_000
  const runs = {
    trackplan: [],
    'trackplan (global + 3 properties)': [],
    'trackplan (50-event plan, validated, 3 properties)': [],
    'trackplan useTrack() under a provider with 3 properties': [],
    'trackplan useTrack() under a provider with 3 properties, 3 more at the call': [],
    'react-tracking trackEvent': [],
  }
  const events = {}
  for (let i = 0; i < 50; i++) {
    events[`Viewed Page ${i}`] = {
      properties: {
        plan: { type: 'string', enum: ['free', 'pro', 'team'], required: true },
        seats: { type: 'integer' },
        annual: { type: 'boolean' },
      },
    }
  }
  const names = Object.keys(events)
  const validated = trackplan.createTracker({
    sinks: [noopSink],
    storage: 'memory',
    plan: trackplan.defineTrackingPlan({ naming: 'verb-noun', events }),
    validation: 'warn',
  })
  const plain = trackplan.createTracker({ sinks: [noopSink], storage: 'memory' })
  const withProps = trackplan.createTracker({
    sinks: [noopSink],
    storage: 'memory',
    properties: { app: 'bench', version: 3 },
  })
  let rtTrack
  function Grab() {
    const { trackEvent } = reactTracking.useTracking({ app: 'bench' }, { dispatch: () => {} })
    rtTrack = trackEvent
    return null
  }
  const root = createRoot(document.createElement('div'))
  flushSync(() => root.render(h(Grab)))
  const provided = trackplan.createTracker({ sinks: [noopSink], storage: 'memory' })
  let tpTrack
  function GrabTrackplan() {
    tpTrack = trackplan.useTrack()
    return null
  }
  const tpRoot = createRoot(document.createElement('div'))
  flushSync(() =>
    tpRoot.render(
      h(
        trackplan.TrackingProvider,
        { tracker: provided, properties: { app: 'bench', version: 3, env: 'production' } },
        h(GrabTrackplan),
      ),
    ),
  )
  for (let r = 0; r < 5; r++) {
    runs.trackplan.push(
      await throughput(
        () => plain.track('Clicked Button'),
        calls,
        () => plain.flush(),
      ),
    )
    runs['trackplan (global + 3 properties)'].push(
      await throughput(
        (i) => withProps.track('Clicked Button', { i, plan: 'pro', ok: true }),
        calls,
        () => withProps.flush(),
      ),
    )
    runs['trackplan (50-event plan, validated, 3 properties)'].push(
      await throughput(
        (i) => validated.track(names[i % 50], { plan: 'pro', seats: 3, annual: true }),
        calls,
        () => validated.flush(),
      ),
    )
    runs['trackplan useTrack() under a provider with 3 properties'].push(
      await throughput(
        () => tpTrack('Clicked Button'),
        calls,
        () => provided.flush(),
      ),
    )
    runs['trackplan useTrack() under a provider with 3 properties, 3 more at the call'].push(
      await throughput(
        (i) => tpTrack('Clicked Button', { i, plan: 'pro', ok: true }),
        calls,
        () => provided.flush(),
      ),
    )
    runs['react-tracking trackEvent'].push(
      await throughput(
        (i) => rtTrack({ event: 'Clicked Button', i }),
        calls,
        async () => {},
      ),
    )
  }
  results.throughput = Object.fromEntries(
    Object.entries(runs).map(([k, xs]) => [k, `${median(xs).toLocaleString('en-US')} calls/s`]),
  )
  results.throughput.note = `${calls.toLocaleString('en-US')} calls into a no-op sink, in bursts of 100, delivery included, median of 5`
}

// ---------------------------------------------------------------- delivery
if (wanted('delivery')) {
  // the collector runs in its own process: the CPU measured below is the page's alone
  const { spawn } = await import('node:child_process')
  const server = spawn(process.execPath, [
    '-e',
    `
    let requests = 0, bytes = 0
    const s = require('node:http').createServer((req, res) => {
      if (req.url === '/stats') return res.end(JSON.stringify({ requests, bytes }))
      requests++
      req.on('data', (c) => (bytes += c.length))
      req.on('end', () => res.writeHead(200).end())
    }).listen(0, '127.0.0.1', () => console.log(s.address().port))
  `,
  ])
  const port = await new Promise((resolve) =>
    server.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
  )
  const stats = async () => (await fetch(`http://127.0.0.1:${port}/stats`)).json()
  const url = `http://127.0.0.1:${port}/v1/batch`
  const props = { plan: 'pro', price: 49, currency: 'USD' }

  const http = trackplan.createTracker({
    storage: 'memory',
    sinks: [trackplan.httpSink({ url, persist: localStorage })],
  })
  for (let i = 0; i < 1000; i++) http.track('Clicked Button', props)
  await http.flush()
  const { requests, bytes } = await stats()
  results.delivery = {
    'requests per 1,000 events (batchSize 20)': requests,
    'bytes per 1,000 events (request bodies)': bytes.toLocaleString('en-US'),
  }

  // main-thread cost. track() itself (sinks run later, so an attached httpSink should add
  // nothing), and the CPU of the whole pipeline per event — envelope, sink.send, persistence
  // to localStorage, batching, handing requests to fetch — with events in bursts of 20 every
  // 2 ms (10,000 events/s, far above any app), the event loop turning between them.
  const mainThread = async (sink, events = 5_000) => {
    const t = trackplan.createTracker({ storage: 'memory', sinks: [sink] })
    let inTrack = 0
    const cpu = process.cpuUsage()
    for (let i = 0; i < events;) {
      const burst = performance.now()
      for (const end = i + 20; i < end; i++) t.track('Clicked Button', props)
      inTrack += performance.now() - burst
      await new Promise((r) => setTimeout(r, 2))
    }
    await t.flush()
    const used = process.cpuUsage(cpu)
    return { track: (inTrack / events) * 1000, cpu: (used.user + used.system) / events }
  }
  const runs = { noop: [], http: [] }
  for (let r = 0; r < 3; r++) {
    runs.noop.push(await mainThread(noopSink))
    runs.http.push(await mainThread(trackplan.httpSink({ url, persist: localStorage }), 5_000))
  }
  const med = (xs, k) => median(xs.map((x) => x[k])).toFixed(2)
  results.delivery['track() µs per call, no-op sink'] = med(runs.noop, 'track')
  results.delivery['track() µs per call, httpSink attached'] = med(runs.http, 'track')
  results.delivery['CPU µs per event, whole pipeline, no-op sink'] = med(runs.noop, 'cpu')
  results.delivery['CPU µs per event, whole pipeline, httpSink + localStorage + HTTP'] = med(
    runs.http,
    'cpu',
  )
  results.delivery.note =
    'Node 20 + jsdom; the HTTP client (undici) runs on the same thread here, off-thread in a browser'
  server.kill()
}

// ---------------------------------------------------------------- report
for (const [section, rows] of Object.entries(results)) {
  console.log(`\n## ${section}`)
  for (const [name, value] of Object.entries(rows)) {
    const shown =
      typeof value === 'object'
        ? Object.entries(value)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        : value
    console.log(`  ${name.padEnd(64)} ${shown}`)
  }
}
const out = join(root, `test/bench/results/${only.length === 1 ? only[0] : 'latest'}.json`)
mkdirSync(dirname(out), { recursive: true })
writeFileSync(
  out,
  JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2),
)
console.log(`\nwritten to ${out}`)
