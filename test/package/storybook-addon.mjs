// The addon as a user gets it, with both Storybook builders: two throwaway Storybook 10
// projects (React 19) — `@storybook/react-vite` and `@storybook/react-webpack5` — install the
// packed tarball and follow the README's set-up and nothing more (`addons:
// ['trackplan/storybook']`, the plan in the preview's parameters, stories that import from
// 'trackplan' with no provider of their own). Each runs `storybook dev`, then `storybook
// build` served statically, and real Chromium clicks tracked buttons in a story and reads
// the Tracking panel: the events are listed valid against the plan, none dropped, and no
// "outside <TrackingProvider>" warning was logged (Vite's pre-bundled copy of trackplan and
// the addon's copy from node_modules once made two React contexts, and every story ran
// outside its provider). The toolbar's "Show tracked elements" badge shows the planned click.
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { at, checks, launchChromium, ok, pack, root, serveFolder } from './harness.mjs'

const fixtures = join(root, 'test/package/storybook')
const dir = mkdtempSync(join(tmpdir(), 'trackplan-sb-'))
const env = {
  ...process.env,
  STORYBOOK_DISABLE_TELEMETRY: '1',
  CI: '1',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
}
const { check, fail, done } = checks('storybook addon')

// Storybook's webpack framework is one patch behind: every Storybook package of that project is pinned to it (TOOLCHAIN.md)
const WEBPACK_STORYBOOK = '10.6.6'
const SWC_COMPILER = '4.0.3'
const projects = {
  vite: {
    framework: '@storybook/react-vite',
    packages: [at('storybook'), at('@storybook/react-vite'), at('vite')],
    addons: [],
  },
  webpack5: {
    framework: '@storybook/react-webpack5',
    packages: [
      `storybook@${WEBPACK_STORYBOOK}`,
      `@storybook/react-webpack5@${WEBPACK_STORYBOOK}`,
      `@storybook/addon-webpack5-compiler-swc@${SWC_COMPILER}`,
    ],
    // webpack compiles nothing by itself: Storybook's own SWC compiler addon, as `storybook init` sets up
    addons: ['@storybook/addon-webpack5-compiler-swc'],
  },
}

const install = (name, tarball) =>
  new Promise((resolve, reject) => {
    const cwd = join(dir, name)
    mkdirSync(join(cwd, '.storybook'), { recursive: true })
    mkdirSync(join(cwd, 'src'))
    writeFileSync(
      join(cwd, 'package.json'),
      JSON.stringify({ name: `sb-${name}`, private: true, type: 'module' }),
    )
    const { framework, addons } = projects[name]
    writeFileSync(
      join(cwd, '.storybook/main.js'),
      `export default {\n  stories: ['../src/*.stories.jsx'],\n  framework: { name: '${framework}', options: {} },\n  addons: [${[...addons, 'trackplan/storybook'].map((a) => `'${a}'`).join(', ')}],\n  core: { disableTelemetry: true },\n}\n`,
    )
    cpSync(join(fixtures, 'preview.js'), join(cwd, '.storybook/preview.js'))
    cpSync(join(fixtures, 'plan.js'), join(cwd, 'src/plan.js'))
    cpSync(join(fixtures, 'Shop.stories.jsx'), join(cwd, 'src/Shop.stories.jsx'))
    const child = spawn(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarball,
        at('react'),
        at('react-dom'),
        ...projects[name].packages,
      ],
      { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm install (${name}) exited ${code}\n${output}`)),
    )
  })

/** `storybook dev` on a free port, once it answers; `stop()` ends it. */
async function startDev(cwd) {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
  const child = spawn(
    join(cwd, 'node_modules/.bin/storybook'),
    ['dev', '-p', String(port), '--host', '127.0.0.1', '--ci', '--no-open', '--disable-telemetry'],
    { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  )
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  const until = Date.now() + 240_000
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`storybook dev exited ${child.exitCode}\n${output.slice(-4000)}`)
    try {
      const res = await fetch(`${url}/index.json`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      stop()
      throw new Error(`storybook dev did not answer in 240 s\n${output.slice(-4000)}`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  return { url, stop, output: () => output }
}

/** Clicks the story's two tracked buttons and reads the panel; throws on anything a user would see as wrong. */
async function drive(browser, url) {
  const page = await browser.newPage()
  const logged = []
  page.on('console', (m) => logged.push(`${m.type()}: ${m.text()}`))
  try {
    await page.goto(`${url}/?path=/story/shop--buy`)
    const preview = page.frameLocator('#storybook-preview-iframe')
    // a dev server may optimize dependencies and reload the preview on first load: the button is waited for
    await preview.getByRole('button', { name: 'Buy', exact: true }).click({ timeout: 120_000 })
    await preview.getByRole('button', { name: 'Buy for a team' }).click()
    await page.getByRole('tab', { name: /^Tracking/ }).click()
    const rows = page
      .locator('#storybook-panel-root')
      .getByRole('table', { name: 'Tracked events' })
      .getByRole('row')
    const clicks = rows.filter({ hasText: 'Clicked Buy' })
    const until = Date.now() + 20_000
    while ((await clicks.count()) < 2 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200))
    const texts = await clicks.allTextContents()
    const pro = texts.find((t) => t.includes('plan=pro'))
    const team = texts.find((t) => t.includes('plan=team'))
    if (!pro || !team)
      throw new Error(
        `the panel does not list both clicks: ${JSON.stringify(await rows.allTextContents())}`,
      )
    for (const row of [pro, team])
      if (!row.includes('valid') || row.includes('dropped'))
        throw new Error(`not delivered valid against the plan: ${row}`)
    const title = await page.getByRole('tab', { name: /^Tracking/ }).textContent()
    const listed = await rows.count()
    if (!/Tracking \(\d+\)/.test(title ?? ''))
      throw new Error(`the tab's title has no count: ${title}`)
    const outside = logged.filter((l) => l.includes('outside <TrackingProvider>'))
    if (outside.length) throw new Error(`a story ran outside its provider:\n${outside.join('\n')}`)
    // the toolbar toggle: the planned click's badge, green
    await page.getByRole('switch', { name: 'Show tracked elements' }).click()
    const badge = preview.locator('[data-trackplan-badge="Clicked Buy"]').first()
    await badge.waitFor({ timeout: 10_000 })
    const status = await badge.getAttribute('data-status')
    if (status !== 'planned') throw new Error(`the "Clicked Buy" badge says ${status}, not planned`)
    return `${listed - 1} rows, ${title}`
  } catch (error) {
    throw new Error(
      `${error.message}\n--- the browser's console ---\n${logged.slice(-30).join('\n').slice(-4000)}`,
      { cause: error },
    )
  } finally {
    await page.close()
  }
}

try {
  const tarball = pack(dir)
  const started = Date.now()
  await Promise.all(Object.keys(projects).map((name) => install(name, tarball)))
  console.log(`  (both projects installed in ${((Date.now() - started) / 1000).toFixed(0)} s)`)
  const browser = await launchChromium()
  try {
    for (const name of Object.keys(projects)) {
      const cwd = join(dir, name)
      await check(
        `${name}: storybook dev lists both tracked clicks valid, none dropped, no "outside <TrackingProvider>"; the elements toggle shows the planned badge`,
        async () => {
          const dev = await startDev(cwd)
          try {
            console.log(`    ${await drive(browser, dev.url)}`)
          } catch (error) {
            throw new Error(
              `${error.message}\n--- storybook dev output ---\n${dev.output().slice(-3000)}`,
              { cause: error },
            )
          } finally {
            dev.stop()
          }
        },
      )
      await check(`${name}: storybook build, served statically, the same`, async () => {
        ok(
          spawnSync(
            join(cwd, 'node_modules/.bin/storybook'),
            ['build', '--disable-telemetry', '-o', 'out'],
            { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 },
          ),
          'storybook build',
        )
        const site = await serveFolder(join(cwd, 'out'))
        try {
          console.log(`    ${await drive(browser, site.url)}`)
        } finally {
          site.close()
        }
      })
    }
  } finally {
    await browser.close()
  }
} catch (error) {
  fail(`  ✗ the throwaway Storybook projects could not be set up\n${error.message}`)
} finally {
  if (process.env.KEEP_SB) console.log(`kept ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
done()
