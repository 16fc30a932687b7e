// `npm run bench:bytes`: the bytes trackplan costs as users pay them (issue 30, item 2).
//
// Builds the package and packs it, installs the tarball in a temporary folder beside React,
// react-dom and react-tracking, and builds four small Vite production apps with the same markup:
//   baseline        React + react-dom, no tracking
//   react-tracking  its `track()` decorator as the provider, `useTracking` in the button
//   common path     TrackingProvider + TrackClick + createTracker + callbackSink
//   realistic app   a plan (contextProperties, builtInEvents and a few events, no zod),
//                   httpSink, <TrackingProvider rageClicks>, TrackView, TrackForm, TrackClick
// An app's bytes are the gzip (level 9) sizes of every JS chunk its build emits, summed: the
// lazy chunks too (a page fetches them all to deliver its first event). Each app
// is reported over the baseline, and against react-tracking.
//
// Then where the bytes go: each chunk's hidden sourcemap, chained through the package's own
// maps (dist → src), attributes every output byte to a module of `src/` (source-map-explorer's
// way). Gzip is not additive, so a module's gzip share is an estimate: all of trackplan's code
// in a chunk gzipped on its own, divided among its modules by their minified bytes. Bytes the
// maps give no source (Vite's preload helper, cross-chunk imports and exports, CommonJS
// wrappers) are the bundler's glue, reported over the baseline's.
//
// Flags: `--check` exits 1 when a target fails (common path ≤ 1.5 × react-tracking, realistic
// app ≤ 14,000 B); `--tarball <path>` measures that tarball instead of building and packing.
// Figures go to bench/results/bytes.json. A Next.js route's bytes are measured separately, by
// `node test/package/nextjs.mjs --bytes` (the "route" section of test/bench/run.mjs).
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { at, pack, root } from '../test/package/harness.mjs'

const TARGETS = { commonPathRatio: 1.5, realisticApp: 14_000 }
const args = process.argv.slice(2)
const check = args.includes('--check')
const tarballArg = args.includes('--tarball') ? args[args.indexOf('--tarball') + 1] : undefined
if (args.includes('--tarball') && !tarballArg) throw new Error('--tarball needs a path')

// ---------------------------------------------------------------- the apps
// The same markup in every app: a heading, a section of plans, a sign-up form, a button.
const page = ({ section, form, button }) => `
      <main>
        <h1>Pricing</h1>
        ${section('<section><h2>Plans</h2><p>Pro: $10 a month</p></section>')}
        ${form('<input name="email" type="email" required /><button>Sign up</button>')}
        ${button('<button>Choose Pro</button>')}
      </main>`
const render = `createRoot(document.getElementById('root')).render(<App />)`
const plain = (html) => html
const plainForm = (fields) => `<form onSubmit={(e) => e.preventDefault()}>${fields}</form>`

const APPS = {
  baseline: `
import { createRoot } from 'react-dom/client'

function App() {
  return (${page({ section: plain, form: plainForm, button: plain })}
  )
}
${render}
`,
  'react-tracking': `
import { createRoot } from 'react-dom/client'
import track, { useTracking } from 'react-tracking'

function ChoosePro() {
  const { trackEvent } = useTracking()
  return <button onClick={() => trackEvent({ event: 'Clicked Plan', plan: 'pro' })}>Choose Pro</button>
}

const App = track({ app: 'web' }, { dispatch: (data) => console.log(data) })(function App() {
  return (${page({ section: plain, form: plainForm, button: () => '<ChoosePro />' })}
  )
})
${render}
`,
  'common path': `
import { createRoot } from 'react-dom/client'
import { TrackClick, TrackingProvider, callbackSink, createTracker } from 'trackplan'

const tracker = createTracker({ sinks: [callbackSink((event) => console.log(event))] })

function App() {
  return (
    <TrackingProvider tracker={tracker} properties={{ app: 'web' }}>${page({
      section: plain,
      form: plainForm,
      button: (b) =>
        `<TrackClick event="Clicked Plan" properties={{ plan: 'pro' }}>${b}</TrackClick>`,
    })}
    </TrackingProvider>
  )
}
${render}
`,
  'realistic app': `
import { createRoot } from 'react-dom/client'
import {
  TrackClick,
  TrackForm,
  TrackView,
  TrackingProvider,
  builtInEvents,
  createTracker,
  defineTrackingPlan,
  httpSink,
} from 'trackplan'

const plan = defineTrackingPlan({
  contextProperties: { app: { type: 'string' } },
  events: {
    ...builtInEvents,
    'Viewed Plans': { properties: { section: { type: 'string', required: true } } },
    'Clicked Plan': {
      properties: {
        plan: { type: 'string', enum: ['free', 'pro', 'team'], required: true },
        price: { type: 'number' },
      },
    },
    'Signed Up': { properties: { method: { type: 'string', enum: ['email', 'google'] } } },
  },
})
const tracker = createTracker({ plan, sinks: [httpSink({ url: '/v1/batch' })] })

function App() {
  return (
    <TrackingProvider tracker={tracker} properties={{ app: 'web' }} rageClicks>${page({
      section: (s) =>
        `<TrackView event="Viewed Plans" properties={{ section: 'pricing' }}>${s}</TrackView>`,
      form: (fields) =>
        `<TrackForm name="Signup" onSubmit={(e) => e.preventDefault()}>${fields}</TrackForm>`,
      button: (b) =>
        `<TrackClick event="Clicked Plan" properties={{ plan: 'pro' }}>${b}</TrackClick>`,
    })}
    </TrackingProvider>
  )
}
${render}
`,
}

// ---------------------------------------------------------------- sourcemaps → modules
const gzip = (text) => gzipSync(text, { level: 9 }).length
/** A chunk's name without its folder and hashes: `panel` for `assets/panel-TARYQJEH-BMEH0XV8.js`. */
const label = (file) =>
  file
    .replace(/^assets\//, '')
    .replace(/-[\w-]{8}\.js$/, '')
    .replace(/-[A-Z0-9]{8}$/, '')

const BASE64 = Object.fromEntries(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]),
)

/** The numbers of one segment of a sourcemap's `mappings` (base64 VLQ). */
function decodeSegment(segment) {
  const values = []
  let value = 0
  let shift = 0
  for (const char of segment) {
    const digit = BASE64[char]
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
      continue
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1)
    value = 0
    shift = 0
  }
  return values
}

/** Where a source of the output comes from: `src/…` for trackplan, else the package, else the app. */
function moduleOf(source) {
  const own = source.match(/\/trackplan\/(src\/.*)$/)
  if (own) return own[1]
  const pkg = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)
  if (pkg) return pkg[1]
  return source.includes('node_modules') ? source : '(the app)'
}

/** The chunk's code cut into `[module, text]` pieces, as its sourcemap attributes them (source-map-explorer's way). */
function attribute(code, map) {
  const pieces = []
  const add = (module, text) => text && pieces.push([module, text])
  const lines = code.split('\n')
  const mappings = map?.mappings.split(';') ?? []
  let source = 0
  lines.forEach((text, i) => {
    let from = 0
    let owner = '(bundler glue)'
    let column = 0
    for (const segment of (mappings[i] ?? '').split(',')) {
      if (!segment) continue
      const [columnDelta, sourceDelta] = decodeSegment(segment)
      column += columnDelta
      add(owner, text.slice(from, column))
      from = column
      if (sourceDelta === undefined) owner = '(bundler glue)'
      else {
        source += sourceDelta
        owner = moduleOf(map.sources[source])
      }
    }
    add(owner, text.slice(from) + (i < lines.length - 1 ? '\n' : ''))
  })
  return pieces
}

/**
 * Adds one chunk's bytes to `modules`. Gzip is not additive: a module's share is the code of its
 * package in this chunk (all of trackplan's `src/` together) gzipped on its own, divided among
 * its modules by their minified bytes.
 */
function addChunk(modules, chunk, pieces) {
  const groups = new Map()
  for (const [module, text] of pieces) {
    const name = module.startsWith('src/') ? 'trackplan' : module
    const group = groups.get(name) ?? { texts: [], min: new Map() }
    groups.set(name, group)
    group.texts.push(text)
    group.min.set(module, (group.min.get(module) ?? 0) + Buffer.byteLength(text))
  }
  for (const group of groups.values()) {
    const text = group.texts.join('')
    const [min, gzipped] = [Buffer.byteLength(text), gzip(text)]
    for (const [module, bytes] of group.min) {
      const entry = (modules[module] ??= { min: 0, gzip: 0, chunks: [] })
      entry.min += bytes
      entry.gzip += (bytes / min) * gzipped
      entry.chunks.push(label(chunk.file))
    }
  }
}

// ---------------------------------------------------------------- build and measure

/** Builds one app with Vite; its chunks (name, min and gzip bytes) and its modules' bytes. */
async function measure(dir) {
  const result = await build({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    // React's automatic JSX through Vite 8's own transform (its `esbuild` option is deprecated)
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      write: false,
      sourcemap: 'hidden', // the same code as without maps: no sourceMappingURL comment
      reportCompressedSize: false,
      rolldownOptions: {
        // trackplan's 'use client' directives mean nothing in a client bundle
        onLog: (level, log, handler) =>
          log.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : handler(level, log),
      },
    },
    plugins: [
      {
        // chain the package's own sourcemaps, so that its bytes map to src/, not to dist/
        name: 'trackplan-dist-sourcemaps',
        enforce: 'pre',
        load(id) {
          if (!/\/node_modules\/trackplan\/dist\/.*\.js$/.test(id)) return null
          const code = readFileSync(id, 'utf8')
          try {
            return { code, map: readFileSync(`${id}.map`, 'utf8') }
          } catch {
            return { code }
          }
        },
      },
    ],
  })
  const chunks = []
  const modules = {}
  for (const output of [result].flat().flatMap((r) => r.output)) {
    if (output.type !== 'chunk') continue
    const chunk = {
      file: output.fileName,
      entry: output.isEntry,
      min: Buffer.byteLength(output.code),
      gzip: gzip(output.code),
    }
    chunks.push(chunk)
    addChunk(modules, chunk, attribute(output.code, output.map))
  }
  for (const entry of Object.values(modules)) entry.gzip = Math.round(entry.gzip)
  const sum = (key) => chunks.reduce((total, c) => total + c[key], 0)
  return { min: sum('min'), gzip: sum('gzip'), chunks, modules }
}

const run = (cmd, cmdArgs, cwd) => execFileSync(cmd, cmdArgs, { cwd, stdio: 'inherit' })
const base = mkdtempSync(join(tmpdir(), 'trackplan-bytes-'))
const results = {}
try {
  let tarball
  if (tarballArg) tarball = resolve(tarballArg)
  else {
    run('npm', ['run', 'build'], root)
    tarball = pack(base)
  }
  writeFileSync(
    join(base, 'package.json'),
    JSON.stringify({ name: 'bytes-apps', private: true, version: '1.0.0', type: 'module' }),
  )
  // react-tracking 9.3 names React ≤ 18 as its peer: beside React 19 only with --legacy-peer-deps
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--legacy-peer-deps',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      at('react'),
      at('react-dom'),
      at('react-tracking'),
      at('prop-types'), // react-tracking's peer, not installed for it with --legacy-peer-deps
      tarball,
    ],
    base,
  )
  for (const [name, source] of Object.entries(APPS)) {
    const dir = join(base, name.replace(/\W+/g, '-'))
    mkdirSync(dir)
    writeFileSync(join(dir, 'main.jsx'), source)
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html>\n<html><body><div id="root"></div><script type="module" src="./main.jsx"></script></body></html>\n',
    )
    results[name] = await measure(dir)
  }
} finally {
  rmSync(base, { recursive: true, force: true })
}

// ---------------------------------------------------------------- report
const over = (name) => results[name].gzip - results.baseline.gzip
const byMin = (modules) => Object.entries(modules).sort(([, a], [, b]) => b.min - a.min)
const figures = Object.fromEntries(
  Object.entries(results).map(([name, r]) => [
    name,
    {
      gzip: r.gzip,
      min: r.min,
      overBaseline: over(name),
      ratioToReactTracking:
        name === 'baseline' ? null : Number((over(name) / over('react-tracking')).toFixed(2)),
      chunks: r.chunks.map((c) => ({ ...c, name: label(c.file) })),
      modules: Object.fromEntries(byMin(r.modules)),
    },
  ]),
)
const commonRatio = figures['common path'].ratioToReactTracking
const realistic = figures['realistic app'].overBaseline
const targets = {
  [`common path ≤ ${TARGETS.commonPathRatio} × react-tracking`]: {
    value: commonRatio,
    met: commonRatio <= TARGETS.commonPathRatio,
  },
  [`realistic app ≤ ${TARGETS.realisticApp.toLocaleString('en-US')} B`]: {
    value: realistic,
    met: realistic <= TARGETS.realisticApp,
  },
}

const n = (value) => (typeof value === 'number' ? value.toLocaleString('en-US') : '—')
const row = (cells, widths) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[i]))).join('')

console.log(
  '\nVite 8 production builds: every JS chunk each build emits, gzip -9, summed (bytes)\n',
)
const widths = [16, 12, 15, 18, 2]
console.log(row(['app', 'all chunks', 'over baseline', '× react-tracking', '  chunks'], widths))
for (const [name, f] of Object.entries(figures)) {
  const ratio = f.ratioToReactTracking?.toFixed(2)
  const chunks = f.chunks.map((c) => `${c.name} ${n(c.gzip)}`).join(', ')
  const added = name === 'baseline' ? undefined : f.overBaseline
  console.log(row([name, n(f.gzip), n(added), ratio ?? '—', `  ${chunks}`], widths))
}
console.log('(every chunk counts: a page fetches them all to deliver its first event)\n')
for (const [name, t] of Object.entries(targets))
  console.log(`target: ${name} — ${n(t.value)}: ${t.met ? 'met' : 'NOT MET'}`)

// trackplan's modules in the two apps side by side, biggest first
const apps = ['common path', 'realistic app']
const glue = (app) => {
  const [mine, base] = [figures[app], figures.baseline].map(
    (f) => f.modules['(bundler glue)'] ?? { min: 0, gzip: 0 },
  )
  return { min: mine.min - base.min, gzip: mine.gzip - base.gzip, chunks: mine.chunks }
}
const names = [...new Set(apps.flatMap((app) => Object.keys(figures[app].modules)))].filter(
  (name) => name.startsWith('src/'),
)
const cell = (app, name) => (name === '(bundler glue)' ? glue(app) : figures[app].modules[name])
const size = (name) => Math.max(...apps.map((app) => cell(app, name)?.min ?? 0))
const table = [...names.sort((a, b) => size(b) - size(a)), '(bundler glue)']
const moduleWidths = [36, 8, 7, 10, 7, 2]
console.log(
  `\nwhere the bytes go: trackplan's modules (minified bytes; gzip share, see the header)\n`,
)
console.log(row(['', 'common path', '', 'realistic app', '', ''], [36, 15, 0, 17, 0, 0]))
console.log(
  row(['module', 'min', 'gzip', 'min', 'gzip', '  chunks (common / realistic)'], moduleWidths),
)
for (const name of table) {
  const [common, real] = apps.map((app) => cell(app, name))
  const chunk =
    name === '(bundler glue)'
      ? 'every chunk'
      : [common, real].map((m) => m?.chunks.join(', ') ?? '—').join(' / ')
  const label = name === '(bundler glue)' ? '(bundler glue, over baseline)' : name
  console.log(
    row(
      [label, n(common?.min), n(common?.gzip), n(real?.min), n(real?.gzip), `  ${chunk}`],
      moduleWidths,
    ),
  )
}
for (const app of apps) {
  const own = names.map((name) => figures[app].modules[name]).filter(Boolean)
  const sum = (key) => own.reduce((total, m) => total + m[key], 0)
  console.log(`${app}: ${n(sum('min'))} B of src/ minified, ${n(sum('gzip'))} B gzip share`)
}

const out = join(root, 'bench/results/bytes.json')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(
  out,
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, targets, apps: figures },
    null,
    2,
  ),
)
console.log(`\nwritten to ${out}`)
if (check && !Object.values(targets).every((t) => t.met)) process.exit(1)
