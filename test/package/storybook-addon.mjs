// The addon as a user gets it: a throwaway Storybook that installs the packed tarball, lists
// 'trackplan/storybook' in `addons` — the whole documented set-up — builds, and shows a tracked
// click in the Tracking panel of real Chromium.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
const version = (name) => lock.packages[`node_modules/${name}`].version
const dir = mkdtempSync(join(tmpdir(), 'trackplan-sb-'))
const run = (cmd, args, cwd = dir) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } })
let ok = false
try {
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', dir], root).trim().split('\n').at(-1)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sb-consumer', private: true, type: 'module' }))
  run('npm', [
    'install', '--no-audit', '--no-fund',
    join(dir, tarball),
    ...['react', 'react-dom', 'storybook', '@storybook/react-vite', 'vite'].map((n) => `${n}@${version(n)}`),
  ])
  mkdirSync(join(dir, '.storybook'))
  writeFileSync(
    join(dir, '.storybook/main.js'),
    `export default { stories: ['../src/*.stories.jsx'], framework: { name: '@storybook/react-vite', options: {} }, addons: ['trackplan/storybook'], core: { disableTelemetry: true } }\n`,
  )
  mkdirSync(join(dir, 'src'))
  writeFileSync(
    join(dir, 'src/Buy.stories.jsx'),
    `import { defineTrackingPlan, TrackClick } from 'trackplan'
const plan = defineTrackingPlan({ events: { 'Clicked Buy': { properties: { plan: { type: 'string', enum: ['pro'] } } } } })
export default { title: 'Shop', parameters: { trackplan: { plan } } }
export const Buy = () => <TrackClick event="Clicked Buy" properties={{ plan: 'pro' }}><button>Buy</button></TrackClick>
`,
  )
  run(join(dir, 'node_modules/.bin/storybook'), ['build', '--disable-telemetry', '-o', 'out'])

  const { chromium } = await import('playwright-core')
  const { createServer } = await import('node:http')
  const { existsSync, statSync } = await import('node:fs')
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' }
  const server = createServer((req, res) => {
    let file = join(dir, 'out', decodeURIComponent(new URL(req.url, 'http://x').pathname))
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const page = await browser.newPage()
    page.on('console', (m) => { if (process.env.DEBUG_ADDON) console.log('console:', m.type(), m.text().slice(0, 300)) })
    await page.goto(`http://127.0.0.1:${server.address().port}/?path=/story/shop--buy`)
    await page.frameLocator('#storybook-preview-iframe').getByRole('button', { name: 'Buy' }).click({ timeout: 30_000 })
    await page.getByRole('tab', { name: /^Tracking/ }).click()
    const row = page.locator('#storybook-panel-root').getByRole('table', { name: 'Tracked events' }).getByRole('row').filter({ hasText: 'Clicked Buy' })
    await row.waitFor({ timeout: 15_000 })
    const text = await row.textContent()
    if (!text.includes('plan=pro') || !text.includes('valid')) throw new Error(`unexpected row: ${text}`)
    ok = true
    console.log('  ✓ a Storybook with addons: [\'trackplan/storybook\'] shows a tracked click, valid against its plan')
  } finally {
    await browser.close()
    server.close()
  }
} catch (error) {
  console.log(`  ✗ the packed addon in a fresh Storybook\n${String(error.stdout ?? "").slice(-6000, -3000)}\n${String(error.stderr ?? "").slice(-2000)}\n${error.message}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(`storybook addon: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`)
process.exit(ok ? 0 : 1)
