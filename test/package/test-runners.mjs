// The test helpers as users run them, from the packed tarball in a fresh folder:
// - Vitest: `setupFiles: ['trackplan/testing/vitest']` registers the matchers at runtime, and
//   `tsc` over a test file using them passes with the README's one extra line (and fails
//   without it, with the TS2339 users hit: the check can fail).
// - Jest 30 (jsdom environment, CommonJS): `setupFilesAfterEnv: ['trackplan/testing/jest']`,
//   a React tree rendered and clicked, every matcher passing, and a deliberately failing
//   matcher whose message lists what was tracked instead.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { at, checks, ok, pack } from './harness.mjs'

const dir = mkdtempSync(join(tmpdir(), 'trackplan-runners-'))
const write = (file, text) => {
  mkdirSync(dirname(join(dir, file)), { recursive: true })
  writeFileSync(join(dir, file), text)
}
const run = (cmd, args) =>
  spawnSync(cmd, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  })

const { check, fail, done } = checks('test runners')

const PLAN = `{
  events: {
    'Clicked Upgrade': { properties: { plan: { type: 'string', enum: ['pro', 'team'], required: true } } },
    'Viewed Pricing': {},
  },
}`

try {
  const tarball = pack(dir)
  write(
    'package.json',
    JSON.stringify({ name: 'runners-consumer', private: true, version: '1.0.0' }),
  )
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      tarball,
      at('react'),
      at('react-dom'),
      at('typescript'),
      at('vitest'),
      at('jsdom'),
      at('jest'),
      at('jest-environment-jsdom'),
    ],
    { cwd: dir, stdio: 'inherit' },
  )

  // --- Vitest, typed ---
  write(
    'vitest.config.mjs',
    `export default { test: { environment: 'jsdom', include: ['vitest/**/*.test.ts'], setupFiles: ['trackplan/testing/vitest'] } }\n`,
  )
  write(
    'vitest/pricing.test.ts',
    `import { expect, it } from 'vitest'
import { defineTrackingPlan } from 'trackplan/core'
import { createTestTracker } from 'trackplan/testing'

const plan = defineTrackingPlan(${PLAN})

it('tracks the upgrade', async () => {
  const t = createTestTracker({ plan, validation: 'throw' })
  t.tracker.track('Clicked Upgrade', { plan: 'pro' })
  await t.tracker.flush()
  expect(t).toHaveTracked('Clicked Upgrade', { plan: 'pro' })
  expect(t).toHaveTrackedTimes('Clicked Upgrade', 1)
  expect(t).not.toHaveTracked('Viewed Pricing')
  expect(t).toHaveNoPlanViolations()
})
`,
  )
  write(
    'tsconfig.json',
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'esnext',
          moduleResolution: 'bundler',
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include: ['vitest', '*.d.ts'],
      },
      null,
      2,
    ),
  )
  await check('Vitest: setupFiles registers the matchers at runtime', () =>
    ok(run('npx', ['vitest', 'run']), 'vitest'),
  )
  await check('tsc without the extra line reports TS2339 (what users hit)', () => {
    const result = run('npx', ['tsc', '-p', '.'])
    if (
      result.status === 0 ||
      !result.stdout.includes("error TS2339: Property 'toHaveTracked' does not exist")
    ) {
      throw new Error(`expected TS2339, got exit ${result.status}\n${result.stdout}`)
    }
  })
  // the README's line, in any .d.ts the tsconfig includes
  write('trackplan-env.d.ts', `/// <reference types="trackplan/testing/vitest" />\n`)
  await check("tsc with the README's one line types every matcher", () =>
    ok(run('npx', ['tsc', '-p', '.']), 'tsc'),
  )

  // --- Jest 30, jsdom, CommonJS ---
  write(
    'jest.config.cjs',
    `module.exports = {
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['trackplan/testing/jest'],
  transform: {},
  testMatch: ['**/jest/**/*.test.cjs'],
}
`,
  )
  const tree = `
const React = require('react')
const { act } = React
const { createRoot } = require('react-dom/client')
const { defineTrackingPlan, TrackClick, TrackingProvider } = require('trackplan')
const { createTestTracker } = require('trackplan/testing')
globalThis.IS_REACT_ACT_ENVIRONMENT = true
const plan = defineTrackingPlan(${PLAN})
const h = React.createElement

async function clickUpgrade(t) {
  const host = document.body.appendChild(document.createElement('div'))
  const root = createRoot(host)
  await act(async () => {
    root.render(h(TrackingProvider, { tracker: t.tracker }, h(TrackClick, { event: 'Clicked Upgrade', properties: { plan: 'pro' } }, h('button', null, 'Upgrade'))))
  })
  await act(async () => host.querySelector('button').click())
  await t.tracker.flush()
  root.unmount()
}
`
  write(
    'jest/pricing.test.cjs',
    `${tree}
test('a click on the rendered button is tracked, and every matcher sees it', async () => {
  const t = createTestTracker({ plan, validation: 'throw' })
  await clickUpgrade(t)
  expect(t).toHaveTracked('Clicked Upgrade', { plan: 'pro' })
  expect(t).toHaveTracked('Clicked Upgrade', { plan: expect.stringMatching(/^p/) })
  expect(t).toHaveTrackedTimes('Clicked Upgrade', 1)
  expect(t).not.toHaveTracked('Viewed Pricing')
  expect(t).toHaveNoPlanViolations()
  expect(t.events()).toHaveTracked('Clicked Upgrade')
})
`,
  )
  write(
    'jest/failing/upgrade.test.cjs',
    `${tree}
test('deliberately wrong: expects the team plan', async () => {
  const t = createTestTracker({ plan })
  await clickUpgrade(t)
  expect(t).toHaveTracked('Clicked Upgrade', { plan: 'team' })
})
`,
  )
  await check('Jest 30 (jsdom, CJS): the matchers pass on a rendered, clicked tree', () =>
    ok(run('npx', ['jest', '--ci', 'jest/pricing.test.cjs']), 'jest'),
  )
  await check('Jest 30: a failing matcher fails the test with what was tracked instead', () => {
    const result = run('npx', ['jest', '--ci', 'jest/failing'])
    const output = result.stdout + result.stderr
    const expected =
      'expected "Clicked Upgrade" with {"plan":"team"} to be tracked (it was, with other properties); tracked instead:\n      - Clicked Upgrade {"plan":"pro"}'
    if (result.status !== 1 || !output.includes(expected))
      throw new Error(`exit ${result.status}; expected the message\n${expected}\nin\n${output}`)
  })
} catch (error) {
  fail(String(error.message ?? error))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
done()
