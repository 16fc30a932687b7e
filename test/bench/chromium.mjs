// The real-browser half of `npm run bench`: trackplan beside react-tracking in Chromium
// (production React 19, the page cross-origin isolated so performance.now() has 5 µs
// resolution). Contestants are interleaved within each run; ratios are taken within a run,
// then the median over runs. httpSink's main-thread CPU comes from the DevTools protocol
// (Performance.getMetrics TaskDuration), over an idle page running the same timer loop.
//
//   node test/bench/chromium.mjs [--runs 7] [--quick] [--delivery-only | --no-delivery]
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { root } from '../package/harness.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const deliveryOnly = args.includes('--delivery-only')
const noDelivery = args.includes('--no-delivery')
const RUNS = Number(args[args.indexOf('--runs') + 1]) || (quick ? 3 : 7)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fixed = (x, digits) => (x === undefined ? null : +x.toFixed(digits))
const range = (xs, digits = 1) =>
  xs.length === 0 ? '' : `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`

// ---------------------------------------------------------------- the page, built and served
const dir = mkdtempSync(join(tmpdir(), 'trackplan-chromium-bench-'))
// code-split as an app's bundler does: trackplan's engine is a chunk of its own, loaded by the page
await build({
  entryPoints: { page: join(root, 'test/bench/chromium/page.mjs') },
  bundle: true,
  minify: true,
  format: 'esm',
  splitting: true,
  outdir: dir,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
})
const { readFileSync, readdirSync } = await import('node:fs')
const scripts = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => [`/${f}`, readFileSync(join(dir, f))]),
)
const html =
  '<!doctype html><html><head><title>bench</title></head><body><script type="module" src="/page.js"></script></body></html>'
// what the collector received, by messageId: no event may be lost
const received = new Set()
const ISOLATED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
}
const server = createServer((req, res) => {
  if (req.url === '/v1/batch') {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      try {
        for (const e of JSON.parse(body).batch) received.add(e.messageId)
      } catch {
        // a beacon body or garbage: counted as nothing
      }
      // a collector across a network: about 50 ms to answer
      setTimeout(() => res.writeHead(200).end(), 50)
    })
    return
  }
  if (scripts.has(req.url))
    return void res
      .writeHead(200, { 'content-type': 'text/javascript', ...ISOLATED })
      .end(scripts.get(req.url))
  res.writeHead(200, { 'content-type': 'text/html', ...ISOLATED }).end(html)
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const origin = `http://127.0.0.1:${server.address().port}`

const { chromium } = await import('playwright-core')
// gc() exposed: each measure starts from a collected heap, so one contestant's garbage is not the other's cost
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--js-flags=--expose-gc',
  ],
})
const page = await browser.newPage()
page.on('pageerror', (e) => console.error('page error:', e))
await page.goto(origin)
await page.waitForFunction(() => window.benchReady === true)
const isolated = await page.evaluate(() => window.bench.isolated())
const cdp = await page.context().newCDPSession(page)
await cdp.send('Performance.enable')
const taskSeconds = async () =>
  (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value

// ---------------------------------------------------------------- track(): bursts, and one click after an idle gap
const NAMES = ['trackplan', 'react-tracking']
const burst = { trackplan: [], 'react-tracking': [], ratio: [] }
const FLOORS = ['an empty call', 'Date.now() alone', 'an envelope built inline']
/** The idle click's contestants and floors, in this order on even runs and reversed on odd ones. */
const IDLE = [...NAMES, ...FLOORS]
const idle = {
  trackplan: [],
  'react-tracking': [],
  ...Object.fromEntries(FLOORS.map((f) => [f, []])),
}
const mount = {
  plain: [],
  wrapper: [],
  trackplan: [],
  'react-tracking': [],
  wrapperRatio: [],
  trackplanRatio: [],
  reactTrackingRatio: [],
}
const calls = quick ? 50_000 : 200_000
if (!deliveryOnly)
  for (const name of NAMES) await page.evaluate(([n]) => window.bench.burst(n, 20_000), [name]) // warm-up
if (!deliveryOnly)
  for (const name of ['plain', 'wrapper', 'trackplan', 'react-tracking'])
    await page.evaluate((n) => window.bench.mountTime(n), name)
for (let run = 0; run < (deliveryOnly ? 0 : RUNS); run++) {
  const order = run % 2 === 0 ? NAMES : [...NAMES].reverse()
  const us = {}
  const rounds = { trackplan: [], 'react-tracking': [] }
  for (let round = 0; round < 10; round++) {
    for (const name of round % 2 === 0 ? order : [...order].reverse())
      rounds[name].push(
        await page.evaluate(([n, c]) => window.bench.burst(n, c), [name, calls / 10]),
      )
  }
  for (const name of NAMES) us[name] = median(rounds[name])
  for (const name of NAMES) burst[name].push(us[name])
  burst.ratio.push(us.trackplan / us['react-tracking'])
  for (const name of run % 2 === 0 ? IDLE : [...IDLE].reverse())
    idle[name].push(await page.evaluate(([n]) => window.bench.idle(n, 30, 30), [name]))
  const ms = {}
  const contestants = ['plain', 'wrapper', 'trackplan', 'react-tracking']
  // three rounds a run, each interleaved: one mount is ~10 ms, and this machine's noise is ±30 %
  const mounted = { plain: [], wrapper: [], trackplan: [], 'react-tracking': [] }
  for (let round = 0; round < 3; round++) {
    for (const name of (run + round) % 2 === 0 ? contestants : [...contestants].reverse())
      mounted[name].push(await page.evaluate((n) => window.bench.mountTime(n), name))
  }
  for (const name of contestants) ms[name] = median(mounted[name])
  for (const name of contestants) mount[name].push(ms[name])
  mount.wrapperRatio.push(ms.wrapper / ms.plain)
  mount.trackplanRatio.push(ms.trackplan / ms.plain)
  mount.reactTrackingRatio.push(ms['react-tracking'] / ms.plain)
}

// ---------------------------------------------------------------- httpSink: main-thread CPU per event, and drops
// five runs of 10 s a rate (three of 3 s when quick), the three variants' order rotating from run to run:
// a page's idle cost drifts by ±50 % over seconds here, and a variant that always ran first or last would carry the drift
const RATES = noDelivery
  ? []
  : quick
    ? [
        [200, 3],
        [2000, 3],
      ]
    : [
        [200, 10],
        [2000, 10],
      ]
const VARIANTS = ['idle', 'noop', 'http']
const delivery = {}
for (const [rate, seconds] of RATES) {
  const runs = { noop: [], http: [], own: [] }
  let drops = 0
  let tracked = 0
  await page.evaluate(([r]) => window.bench.load('http', r, 1), [rate]) // warm-up
  for (let run = 0; run < (quick ? 3 : 5); run++) {
    const cost = {}
    for (const variant of [...VARIANTS.slice(run % 3), ...VARIANTS.slice(0, run % 3)]) {
      const before = await taskSeconds()
      const result = await page.evaluate(
        ([v, r, s]) => window.bench.load(v, r, s),
        [variant, rate, seconds],
      )
      cost[variant] = (await taskSeconds()) - before
      if (variant === 'http') {
        drops += result.dropped
        tracked += result.tracked
      }
    }
    const events = rate * seconds
    runs.noop.push(((cost.noop - cost.idle) * 1e6) / events)
    runs.http.push(((cost.http - cost.idle) * 1e6) / events)
    runs.own.push(((cost.http - cost.noop) * 1e6) / events)
  }
  delivery[`${rate} events/s for ${seconds} s`] = {
    'CPU µs/event, track() + no-op sink': fixed(median(runs.noop), 1),
    'CPU µs/event, track() + httpSink + localStorage': fixed(median(runs.http), 1),
    'httpSink runs (µs/event)': range(runs.http),
    'CPU µs/event, httpSink over the no-op sink (its own work)': fixed(median(runs.own), 1),
    'events dropped (httpSink)': drops,
    'events tracked (httpSink)': tracked,
  }
}
const results = {
  chromium: {
    browser: browser.version(),
    crossOriginIsolated: isolated,
    runs: RUNS,
    'track() µs/call in bursts (useTrack under a provider, 3 properties)': {
      trackplan: fixed(median(burst.trackplan), 3),
      'react-tracking': fixed(median(burst['react-tracking']), 3),
      'trackplan / react-tracking (median of per-run ratios)': fixed(median(burst.ratio), 2),
      'ratio range': range(burst.ratio, 2),
    },
    'one track() after a 30 ms idle gap, µs (median of 30 per run, then over runs)': {
      trackplan: fixed(median(idle.trackplan), 1),
      'react-tracking': fixed(median(idle['react-tracking']), 1),
      'trackplan runs': range(idle.trackplan),
      ...Object.fromEntries(FLOORS.map((f) => [`${f} (a floor)`, fixed(median(idle[f]), 1)])),
    },
    'mount of 5,000 tracked buttons, warm (median of 3 per run, then of per-run ratios)': {
      'plain ms': fixed(median(mount.plain), 1),
      'a do-nothing component per button × plain (the floor)': fixed(median(mount.wrapperRatio), 2),
      'trackplan × plain': fixed(median(mount.trackplanRatio), 2),
      'react-tracking × plain': fixed(median(mount.reactTrackingRatio), 2),
      'trackplan ratio range': range(mount.trackplanRatio, 2),
    },
    delivery,
    'collector received (unique messageIds, all httpSink runs)': received.size,
  },
}
await browser.close()
server.close()

for (const [name, value] of Object.entries(results.chromium)) {
  console.log(`  ${name.padEnd(72)} ${typeof value === 'object' ? JSON.stringify(value) : value}`)
}
const out = join(root, 'test/bench/results/chromium.json')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(
  out,
  JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2),
)
console.log(`\nwritten to ${out}`)
