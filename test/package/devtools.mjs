// `trackplan/devtools` as a developer gets it: a small shop (test/devtools/app) installed
// from the packed tarball and built with Vite, served with a collector on the same origin
// that answers 503 when told to. Real Chromium opens the devtools and checks, from the
// outside: events with plan status, the element outlined on hover, a batch retried while the
// collector answers 503 and then delivered, consent denied and events dropped, the tracker
// picker, and a "Copy as test" snippet that passes when pasted into a real Vitest test (and
// fails when the click it asserts did not happen). Then the bundles, from Vite and from
// esbuild with code splitting: a production build holds none of the devtools' code and no file
// its entry never loads; one that imports trackplan/devtools/production does, with the panel
// in a lazy chunk of its own that the entry loads.
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { at, checks, launchChromium, npxIn, ok, pack, root, serveFolder } from './harness.mjs'

const dir = mkdtempSync(join(tmpdir(), 'trackplan-devtools-'))
const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' }
const run = npxIn(dir, env)
const { check, fail, done } = checks('devtools')
const screenshots = join(root, 'test/browser/screenshots')

// markers of the devtools' code: the loader's host attribute, the panel's Delivery tab
const LOADER = 'data-trackplan-devtools'
const PANEL = 'Pause delivery'

const files = (folder) =>
  readdirSync(folder, { recursive: true })
    .map((f) => join(folder, f))
    .filter((f) => statSync(f).isFile() && f.endsWith('.js'))

/**
 * The .js files of a build that its entries never load: a file is loaded when a loaded file
 * names it in a string (a static or dynamic import, Vite's list of a chunk's dependencies).
 */
function unreferenced(folder, entries) {
  const all = files(folder)
  const loaded = new Set()
  const queue = entries.map((entry) => join(folder, entry))
  while (queue.length) {
    const file = queue.pop()
    if (loaded.has(file) || !all.includes(file)) continue
    loaded.add(file)
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/["'`]([^"'`\s]+\.js)["'`]/g))
      queue.push(join(dirname(file), name), join(folder, name))
  }
  return all.filter((f) => !loaded.has(f))
}

/** The scripts an index.html of a Vite build loads. */
const scriptsOf = (html) =>
  [...readFileSync(html, 'utf8').matchAll(/<script[^>]* src="([^"]+)"/g)].map(([, src]) => src)

/** The built app, with a collector on the same origin that answers `collector.status`. */
const serve = (folder, collector) =>
  serveFolder(folder, {
    fallback: 'index.html',
    route(req, res) {
      if (new URL(req.url, 'http://x').pathname !== '/v1/batch') return false
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        collector.requests.push({ status: collector.status, batch: JSON.parse(body).batch })
        res.writeHead(collector.status, { 'content-type': 'application/json' }).end('{}')
      })
      return true
    },
  })

const until = async (what, fn, timeout = 15_000) => {
  const end = Date.now() + timeout
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

try {
  cpSync(join(root, 'test/devtools/app'), dir, { recursive: true })
  mkdirSync(join(dir, 'tests'))
  cpSync(join(root, 'test/devtools/vitest.config.mjs'), join(dir, 'vitest.config.mjs'))
  const tarball = pack(dir)
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'devtools-app', private: true, version: '1.0.0', type: 'module' }),
  )
  ok(
    spawnSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarball,
        at('react'),
        at('react-dom'),
        at('vite'),
        at('vitest'),
        at('jsdom'),
      ],
      { cwd: dir, encoding: 'utf8', env },
    ),
    'npm install',
  )
  // a development build (the devtools on), a production build (off), and a production build that forces them in
  ok(
    run(['vite', 'build', '--mode', 'development'], {
      NODE_ENV: 'development',
      OUT_DIR: 'dist-dev',
    }),
    'vite build (development)',
  )
  ok(run(['vite', 'build'], { OUT_DIR: 'dist-prod' }), 'vite build (production)')
  ok(
    run(['vite', 'build'], { OUT_DIR: 'dist-forced', DEVTOOLS_PAGE: 'production-devtools' }),
    'vite build (production, trackplan/devtools/production)',
  )

  // esbuild, as an app bundles itself with code splitting: the same three builds
  const esbuild = (entry, nodeEnv, outdir) =>
    ok(
      spawnSync(
        join(root, 'node_modules/.bin/esbuild'),
        [
          `src/${entry}.jsx`,
          '--bundle',
          '--splitting',
          '--format=esm',
          '--minify',
          '--jsx=automatic',
          `--define:process.env.NODE_ENV="${nodeEnv}"`,
          `--outdir=${outdir}`,
          '--log-level=error',
        ],
        { cwd: dir, encoding: 'utf8', env },
      ),
      `esbuild ${entry} (${nodeEnv})`,
    )
  esbuild('main', 'development', 'esbuild-dev')
  esbuild('main', 'production', 'esbuild-prod')
  esbuild('main-production-devtools', 'production', 'esbuild-forced')

  const devtoolsIn = (folder) =>
    files(join(dir, folder)).filter((f) => {
      const code = readFileSync(f, 'utf8')
      return code.includes(LOADER) || code.includes(PANEL)
    })
  /** The build's files that hold the devtools' loader, and those that hold the panel. */
  const partsIn = (folder) => {
    const all = files(join(dir, folder))
    return {
      loader: all.filter((f) => readFileSync(f, 'utf8').includes(LOADER)),
      panel: all.filter((f) => readFileSync(f, 'utf8').includes(PANEL)),
    }
  }
  const allLoaded = (folder, entries) => {
    const orphans = unreferenced(join(dir, folder), entries)
    if (orphans.length) throw new Error(`files no entry loads: ${orphans.join(', ')}`)
  }

  await check(
    'a production build contains none of the devtools’ code, and no file its page never loads',
    () => {
      const found = devtoolsIn('dist-prod')
      if (found.length)
        throw new Error(`devtools code in the production build: ${found.join(', ')}`)
      allLoaded('dist-prod', scriptsOf(join(dir, 'dist-prod/index.html')))
    },
  )
  await check(
    'esbuild (code splitting), production: none of the devtools’ code, and no chunk the entry never loads',
    () => {
      const found = devtoolsIn('esbuild-prod')
      if (found.length)
        throw new Error(`devtools code in esbuild's production build: ${found.join(', ')}`)
      allLoaded('esbuild-prod', ['main.js'])
    },
  )
  await check(
    'esbuild, development and with trackplan/devtools/production: the panel in a lazy chunk the entry loads',
    () => {
      for (const [folder, entry] of [
        ['esbuild-dev', 'main.js'],
        ['esbuild-forced', 'main-production-devtools.js'],
      ]) {
        const { loader, panel } = partsIn(folder)
        if (loader.length !== 1 || panel.length !== 1 || loader[0] === panel[0])
          throw new Error(
            `${folder}: loader in ${loader.join(', ') || 'nothing'}, panel in ${panel.join(', ') || 'nothing'}: not two files`,
          )
        allLoaded(folder, [entry])
      }
    },
  )
  let chunkBytes = 0
  await check(
    'a production build importing trackplan/devtools/production contains them, the panel in a lazy chunk of its own',
    () => {
      const { loader, panel } = partsIn('dist-forced')
      if (loader.length !== 1 || panel.length !== 1 || loader[0] === panel[0])
        throw new Error(
          `loader in ${loader.join(', ') || 'nothing'}, panel in ${panel.join(', ') || 'nothing'}: not two files`,
        )
      allLoaded('dist-forced', scriptsOf(join(dir, 'dist-forced/production-devtools.html')))
      chunkBytes = gzipSync(readFileSync(panel[0])).length
      console.log(`    the panel's lazy chunk: ${(chunkBytes / 1024).toFixed(1)} KB min+gzip`)
    },
  )

  const collector = { status: 200, requests: [] }
  const site = await serve(join(dir, 'dist-dev'), collector)
  const browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  const devtools = page.getByRole('dialog', { name: 'trackplan devtools' })
  const rows = devtools.getByRole('table', { name: 'Tracked events' }).getByRole('row')
  let snippet = ''
  try {
    await page.goto(site.url)
    await check(
      'the toggle opens the panel (a lazy chunk), inside a shadow root; the app’s layout is untouched',
      async () => {
        const before = await page.getByRole('button', { name: 'Choose pro' }).boundingBox()
        await page.getByRole('button', { name: 'Open trackplan devtools' }).click()
        await devtools.waitFor({ timeout: 10_000 })
        const inShadow = await page.evaluate(
          () =>
            !!document
              .querySelector('[data-trackplan-devtools]')
              ?.shadowRoot?.querySelector('[role=dialog]') &&
            !document.querySelector('body > [role=dialog]'),
        )
        if (!inShadow) throw new Error('the panel is not in the devtools’ shadow root')
        const after = await page.getByRole('button', { name: 'Choose pro' }).boundingBox()
        if (JSON.stringify(before) !== JSON.stringify(after))
          throw new Error(`the app moved: ${JSON.stringify(before)} → ${JSON.stringify(after)}`)
      },
    )
    await check(
      'events show with their status against the plan (valid, and a violation with its reason)',
      async () => {
        await page.getByRole('button', { name: 'Choose pro' }).click()
        await page.getByRole('button', { name: 'Contact sales' }).click()
        const pro = rows.filter({ hasText: 'plan=pro' })
        const sales = rows.filter({ hasText: 'plan=enterprise' })
        await pro.first().waitFor({ timeout: 10_000 })
        await sales.first().waitFor({ timeout: 10_000 })
        const [p, s] = [await pro.first().textContent(), await sales.first().textContent()]
        if (!p.includes('valid')) throw new Error(`the pro click: ${p}`)
        if (
          !s.includes('violation') ||
          !s.includes('must be one of "free", "pro", "team"; got "enterprise"')
        )
          throw new Error(`the sales click: ${s}`)
      },
    )
    await check('hovering an event outlines the element it came from', async () => {
      await rows.filter({ hasText: 'plan=pro' }).first().hover()
      const outline = page.locator('[data-trackplan-outline]')
      await outline.waitFor({ timeout: 5000 })
      const box = await outline.boundingBox()
      const button = await page.getByRole('button', { name: 'Choose pro' }).boundingBox()
      if (!(
        box.x <= button.x &&
        box.y <= button.y &&
        box.x + box.width >= button.x + button.width &&
        box.y + box.height >= button.y + button.height
      ))
        throw new Error(
          `outline ${JSON.stringify(box)} does not surround ${JSON.stringify(button)}`,
        )
    })
    await check(
      'Delivery: a batch retried while the collector answers 503 (attempt, next try, last status), then delivered',
      async () => {
        await devtools.getByRole('tab', { name: 'Delivery' }).click()
        const sink = devtools.getByRole('row', { name: 'sink http' })
        await until(
          'the first events delivered',
          async () => (await sink.textContent()).match(/—\s*(\d+)/)?.[1] >= 2,
        )
        collector.status = 503
        await page.getByRole('button', { name: 'Choose team' }).click()
        const retrying = await until('a retry shown', async () => {
          const t = await sink.textContent()
          return /attempt \d+, next try in \d+ s, last: 503/.test(t) && t
        })
        collector.status = 200
        await until('the retried batch delivered', async () => {
          const t = await sink.textContent()
          return (
            !t.includes('attempt') &&
            collector.requests.some(
              (r) => r.status === 200 && r.batch.some((e) => e.properties.plan === 'team'),
            )
          )
        })
        console.log(`    seen: ${retrying.replace(/\s+/g, ' ').trim()}`)
        await page.screenshot({ path: join(screenshots, 'devtools-delivery.png') })
      },
    )
    await check('denying consent there: the next events are dropped, and say so', async () => {
      await devtools.getByRole('button', { name: 'Deny consent' }).click()
      await page.getByRole('button', { name: 'Choose free' }).click()
      await until('the stats counting a consent drop', async () =>
        (
          await devtools.getByRole('definition').filter({ hasText: 'tracked' }).textContent()
        ).includes('consent 1'),
      )
      await devtools.getByRole('tab', { name: /^Events/ }).click()
      const free = await rows.filter({ hasText: 'plan=free' }).first().textContent()
      if (!free.includes('dropped') || !free.includes('consent'))
        throw new Error(`the free click: ${free}`)
      await devtools.getByRole('tab', { name: 'Delivery' }).click()
      await devtools.getByRole('button', { name: 'Grant consent' }).click()
      await devtools.getByRole('tab', { name: /^Events/ }).click()
    })
    await check('the picker shows a second tracker’s events (a micro-frontend’s)', async () => {
      await page.getByRole('button', { name: 'Help' }).click()
      const picker = devtools.getByRole('combobox', { name: 'Tracker' })
      await picker.selectOption({ index: 1 })
      await rows.filter({ hasText: 'Opened Help' }).first().waitFor({ timeout: 5000 })
      if ((await rows.filter({ hasText: 'Clicked Plan' }).count()) !== 0)
        throw new Error('the second tracker lists the first one’s events')
      await picker.selectOption({ index: 0 })
    })
    await check('"Copy as test" puts an assertion on the clipboard', async () => {
      await rows
        .filter({ hasText: 'plan=pro' })
        .first()
        .getByRole('button', { name: 'Clicked Plan' })
        .click()
      await devtools.getByRole('button', { name: 'Copy as test' }).click()
      await devtools.getByRole('status').filter({ hasText: 'Copied' }).waitFor({ timeout: 5000 })
      snippet = await page.evaluate(() => navigator.clipboard.readText())
      if (
        snippet !==
        "expect(tracking).toHaveTracked('Clicked Plan', { section: 'pricing', plan: 'pro' })"
      )
        throw new Error(`copied: ${snippet}`)
      await page.screenshot({ path: join(screenshots, 'devtools.png') })
    })
    await check('no error on the page', () => {
      if (errors.length) throw new Error(errors.join('\n'))
    })
  } finally {
    await browser.close()
    site.close()
  }

  // the opt-in production entry installs its hook as it loads: a bundler must keep that
  await check(
    'a production build with trackplan/devtools/production hears its tracker',
    async () => {
      const forced = await serveFolder(join(dir, 'dist-forced'), {
        fallback: 'production-devtools.html',
      })
      const chromium = await launchChromium()
      try {
        const forcedPage = await chromium.newPage()
        await forcedPage.goto(`${forced.url}/production-devtools.html`)
        const count = await forcedPage.evaluate(
          () => globalThis.__TRACKPLAN_DEVTOOLS__?.state?.trackers?.length ?? 0,
        )
        if (count < 1) throw new Error(`the devtools hook heard ${count} tracker(s), not 1`)
      } finally {
        await chromium.close()
        forced.close()
      }
    },
  )

  const template = readFileSync(join(root, 'test/devtools/pasted.test.jsx'), 'utf8')
  await check('the copied snippet passes when pasted into a Vitest test of the same click', () => {
    writeFileSync(join(dir, 'tests/pasted.test.jsx'), template.replace('/* PASTE */', snippet))
    ok(run(['vitest', 'run']), 'vitest with the pasted snippet')
  })
  await check('…and fails when the click it asserts did not happen (another plan)', () => {
    writeFileSync(
      join(dir, 'tests/pasted.test.jsx'),
      template.replace('/* PASTE */', snippet.replace("plan: 'pro'", "plan: 'team'")),
    )
    const result = run(['vitest', 'run'])
    if (result.status === 0) throw new Error('the altered snippet passed')
    if (!(result.stdout + result.stderr).includes('Clicked Plan'))
      throw new Error(`failed without naming the event:\n${result.stdout}\n${result.stderr}`)
  })
} catch (error) {
  fail(`  ✗ the devtools app could not be set up\n${error.message}`)
} finally {
  if (process.env.KEEP_DEVTOOLS) console.log(`kept ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
done()
