// `trackplan/playwright` as testers use it: a small two-page app (test/playwright/app) built
// for production from the packed tarball, served by `vite preview`, and a real Playwright
// suite in Debian's Chromium. Checks, from the outside:
// - every test passes as expected (the plan-violation test fails, as `test.fail()` says, and
//   its error carries the violation text);
// - the reporter prints the coverage table and fails the run when a planned event never
//   fired (exit 1), and passes it once that event is allowed to be missing (exit 0).
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { at, checks, npxIn, pack, root } from './harness.mjs'

const dir = mkdtempSync(join(tmpdir(), 'trackplan-playwright-'))
const env = {
  ...process.env,
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  CI: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
}
const run = npxIn(dir, env)

const { check, fail, done } = checks('playwright')

/** Every test of a Playwright JSON report: title, expected and actual status, error text. */
function tests(report) {
  const out = []
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const result = t.results.at(-1) ?? {}
        out.push({
          title: [...path, spec.title].join(' › '),
          expected: t.expectedStatus,
          status: result.status,
          error: (result.errors ?? []).map((e) => e.message ?? '').join('\n'),
        })
      }
    }
    for (const child of suite.suites ?? [])
      walk(child, child.title && !child.title.endsWith('.ts') ? [...path, child.title] : path)
  }
  for (const suite of report.suites) walk(suite, [])
  return out
}

const start = Date.now()
try {
  cpSync(join(root, 'test/playwright/app'), dir, { recursive: true })
  const tarball = pack(dir)
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'e2e-app', private: true, version: '1.0.0', type: 'module' }),
  )
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      at('@playwright/test'),
      at('vite'),
      at('react'),
      at('react-dom'),
    ],
    { cwd: dir, stdio: 'inherit', env },
  )
  const build = run(['vite', 'build'])
  if (build.status !== 0) throw new Error(`vite build failed\n${build.stdout}\n${build.stderr}`)

  const first = run(['playwright', 'test'])
  const output = first.stdout + first.stderr
  const results = tests(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')))
  console.log(
    `  (suite: ${results.length} tests, ${((Date.now() - start) / 1000).toFixed(0)} s so far)`,
  )
  await check(
    'every test ends as expected (passing ones pass, the violation test fails as test.fail() says)',
    () => {
      const off = results.filter((t) => t.status !== t.expected)
      if (off.length || results.length < 7)
        throw new Error(
          `${results.length} tests; not as expected:\n${off.map((t) => `${t.title}: ${t.status} (expected ${t.expected})\n${t.error}`).join('\n')}\n${output}`,
        )
    },
  )
  await check('a plan violation fails its test with the violation text', () => {
    const t = results.find((r) => r.title.endsWith('a violation fails the test'))
    const text =
      '[trackplan] 1 tracked event(s) broke the tracking plan:\n  - "Clicked Upgrade": property "plan" must be one of "pro", "team"; got "gold"'
    if (!t || t.status !== 'failed' || !t.error.includes(text))
      throw new Error(`expected the failure\n${text}\ngot ${JSON.stringify(t, null, 2)}`)
  })
  await check(
    'the reporter prints the coverage table and fails the run on a planned event never fired (exit 1)',
    () => {
      for (const line of [
        'trackplan coverage: 4/5 planned events fired in the running app',
        '| Viewed Pricing | yes |',
        '| Opened Chat | yes |',
        '| Cancelled Subscription | **no** |',
        '[trackplan] 1 planned event(s) never fired in any test: Cancelled Subscription.',
      ]) {
        if (!output.includes(line)) throw new Error(`missing "${line}" in\n${output}`)
      }
      if (first.status !== 1) throw new Error(`exit ${first.status}, expected 1`)
    },
  )
  await check('with the event allowed to be missing, the run passes (exit 0)', () => {
    const second = run(['playwright', 'test'], { TRACKPLAN_ALLOW_MISSING: '1' })
    const text = second.stdout + second.stderr
    if (second.status !== 0 || !text.includes('| Cancelled Subscription | no (allowed) |'))
      throw new Error(`exit ${second.status}\n${text}`)
  })
} catch (error) {
  fail(String(error.message ?? error))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
done()
