// Tests what users install: packs the tarball, installs it in a fresh folder beside React,
// and imports every entry point, ESM and CJS (and runs the CLI when the package has one).
// A broken `exports` map or a file missing from `files` fails here. Then every TypeScript
// example of the README is type-checked against the installed tarball, and the quick start runs
// (readme-examples.mjs): an example that no longer matches the API fails here too.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { at, checks, pack, root } from './harness.mjs'
import { checkReadmeExamples, readmePackages, runQuickStart } from './readme-examples.mjs'

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const dir = mkdtempSync(join(tmpdir(), 'trackplan-pack-'))
const { check, fail, done } = checks('package')
const run = (cmd, args, options = {}) =>
  execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe', ...options })

try {
  const tarball = pack(dir)
  console.log(`packed ${tarball}`)
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }),
  )
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    tarball,
    ...new Set([at('react'), at('react-dom'), at('zod'), ...readmePackages()]),
  ])

  const entries = Object.keys(pkg.exports)
    .filter((e) => e !== './package.json')
    .map((e) => e.replace(/^\./, 'trackplan'))
  const expected = {
    trackplan: [
      'TrackingProvider',
      'useTrack',
      'TrackClick',
      'TrackView',
      'TrackForm',
      'useFormTracking',
      'TrackErrorBoundary',
      'useTrackError',
      'useRageClicks',
      'createTracker',
      'httpSink',
    ],
    'trackplan/core': [
      'createTracker',
      'memorySink',
      'consoleSink',
      'callbackSink',
      'httpSink',
      'dataLayerSink',
      'kissmetricsSink',
      'segmentSink',
      'posthogSink',
      'defineTrackingPlan',
    ],
    'trackplan/server': ['createTracker', 'flushOnExit', 'httpSink', 'kissmetricsSink'],
    'trackplan/testing': ['createTestTracker', 'trackplanMatchers', 'planCoverage'],
    'trackplan/testing/jest': ['trackplanMatchers'],
    'trackplan/testing/coverage': ['checkPlanCoverage', 'writeFiredEvents'],
    'trackplan/tools': ['diffPlans', 'formatPlanDiff', 'importPlan', 'lintPlan', 'exportPlan'],
    'trackplan/collector': [
      'createCollector',
      'toNodeListener',
      'buildReport',
      'formatReport',
      'memoryStore',
      'pgliteStore',
      'postgresStore',
    ],
    'trackplan/storybook': [],
  }
  // need Vitest or Playwright to run (the Playwright suite imports them for real): resolving proves the exports map and the file
  const resolveOnly = new Set([
    'trackplan/testing/vitest',
    'trackplan/playwright',
    'trackplan/playwright/reporter',
  ])
  for (const entry of entries.filter((e) => resolveOnly.has(e))) {
    await check(`ESM resolve ${entry}`, () =>
      run('node', [
        '--input-type=module',
        '-e',
        `import { existsSync } from 'node:fs'; import { fileURLToPath } from 'node:url'; if (!existsSync(fileURLToPath(import.meta.resolve('${entry}')))) throw new Error('no file')`,
      ]),
    )
  }
  // Jest's setup entry runs where Jest has put a global `expect`
  const fakeJest = `globalThis.expect = { extend(m) { globalThis.extended = Object.keys(m) } };`
  for (const entry of entries.filter((e) => !resolveOnly.has(e))) {
    const names = JSON.stringify(expected[entry] ?? [])
    const before = entry === 'trackplan/testing/jest' ? fakeJest : ''
    await check(`ESM import ${entry}`, () =>
      run('node', [
        '--input-type=module',
        '-e',
        `${before} const m = await import('${entry}'); for (const n of ${names}) if (typeof m[n] === 'undefined') throw new Error('missing export ' + n)`,
      ]),
    )
    await check(`CJS require ${entry}`, () =>
      run('node', [
        '-e',
        `${before} const m = require('${entry}'); for (const n of ${names}) if (typeof m[n] === 'undefined') throw new Error('missing export ' + n)`,
      ]),
    )
  }
  await check(
    'each React module carries "use client", the React entry itself does not, and it tracks on a server without throwing',
    () => {
      for (const file of [
        'dist/react/TrackClick.js',
        'dist/react/TrackClick.cjs',
        'dist/react/TrackingProvider.js',
        'dist/react/useTrack.js',
      ]) {
        if (
          !readFileSync(join(dir, 'node_modules/trackplan', file), 'utf8').startsWith(
            '"use client"',
          )
        )
          throw new Error(`${file} does not start with "use client"`)
      }
      if (
        readFileSync(join(dir, 'node_modules/trackplan/dist/index.js'), 'utf8').includes(
          '"use client"',
        )
      )
        throw new Error(
          'dist/index.js is a client module: a Server Component importing it would ship all of it',
        )
      run('node', [
        '--input-type=module',
        '-e',
        `
      const { createTracker, memorySink } = await import('trackplan')
      const memory = memorySink(); const t = createTracker({ sinks: [memory] })
      t.track('Renewed Subscription', { plan: 'team' }); await t.flush()
      if (memory.events.length !== 1) throw new Error('not tracked')`,
      ])
    },
  )
  await checkReadmeExamples(dir, check)
  await check(
    "README's quick start runs: its three events reach the console, nothing else is said",
    () => {
      const { logged, complaints } = runQuickStart(dir)
      if (complaints.length) throw new Error(complaints.join('\n'))
      for (const event of ['Viewed Pricing', 'Clicked Plan', 'Subscribed to Newsletter'])
        if (!logged.includes(`[trackplan] track ${event}`))
          throw new Error(`no ${event} in the console: ${JSON.stringify(logged)}`)
    },
  )
  const cli = join(dir, 'node_modules/.bin/trackplan')
  writeFileSync(
    join(dir, 'plan.ts'),
    `import { builtInEvents, defineTrackingPlan } from 'trackplan/core'
export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: { ...builtInEvents, 'Viewed Pricing': { owner: 'growth', properties: { plan: { type: 'string', enum: ['free', 'pro'], required: true } } } },
})
`,
  )
  writeFileSync(join(dir, 'bad.mjs'), `export default { events: { 'Sign Up': {}, signup: {} } }\n`)
  await check('CLI: trackplan --help', () => run(cli, ['--help']))
  await check(
    'CLI: trackplan check plan.ts (a TypeScript plan importing trackplan) exits 0',
    () => {
      const out = run(cli, ['check', 'plan.ts'])
      if (!out.includes('✓ 7 events, no problems')) throw new Error(out)
    },
  )
  await check('CLI: trackplan export plan.ts --format csv', () => {
    const out = run(cli, ['export', 'plan.ts', '--format', 'csv'])
    if (!out.includes('Viewed Pricing,,,growth,plan,string,yes,"free, pro"')) throw new Error(out)
  })
  const fails = (args, status, test) => {
    try {
      run(cli, args)
    } catch (error) {
      if (error.status === status && test(String(error.stdout), String(error.stderr))) return
      throw error
    }
    throw new Error(`exited 0, expected ${status}`)
  }
  await check('CLI: trackplan --version prints the package version', () => {
    const out = run(cli, ['--version']).trim()
    if (out !== pkg.version) throw new Error(out)
  })
  await check('CLI: trackplan diff --help', () => {
    if (!run(cli, ['diff', '--help']).startsWith('Usage: trackplan diff <old-plan> <new-plan>'))
      throw new Error('no diff usage')
  })
  for (const file of ['before.ts', 'after.ts', 'acme.ts'])
    cpSync(join(root, 'test/cli/fixtures/diff', file), join(dir, file))
  await check(
    'CLI: trackplan diff before.ts after.ts exits 1 on breaking changes, text by default',
    () =>
      fails(['diff', 'before.ts', 'after.ts'], 1, (out) =>
        out.startsWith(
          'trackplan diff (before.ts → after.ts): 13 breaking, 7 safe, 2 to review by hand\n',
        ),
      ),
  )
  await check('CLI: trackplan diff --format markdown / json, --allow-breaking exits 0', () => {
    const md = run(cli, [
      'diff',
      'before.ts',
      'after.ts',
      '--format',
      'markdown',
      '--allow-breaking',
    ])
    // each breaking change with its witness: an event the old plan accepts and the new one rejects
    if (
      !md.includes(
        '| 🔴 breaking | Viewed Pricing | price | changed type: number → string<br>e.g. `{',
      )
    )
      throw new Error(md)
    const json = JSON.parse(
      run(cli, ['diff', 'before.ts', 'after.ts', '--format=json', '--allow-breaking']),
    )
    if (json.breaking !== 13 || json.changes.length !== 22 || !json.changes[0].witness)
      throw new Error(JSON.stringify(json))
  })
  await check('CLI: trackplan diff plan.mjs --base main, in a git repository', () => {
    const git = (...args) => run('git', args)
    git('init', '-q', '-b', 'main')
    git(
      '-c',
      'user.email=ci@example.com',
      '-c',
      'user.name=CI',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'root',
    )
    writeFileSync(
      join(dir, 'tracked.mjs'),
      `export const plan = { events: { 'Viewed Pricing': {}, 'Signed Up': {} } }\n`,
    )
    git('add', 'tracked.mjs')
    git('-c', 'user.email=ci@example.com', '-c', 'user.name=CI', 'commit', '-q', '-m', 'plan')
    writeFileSync(
      join(dir, 'tracked.mjs'),
      `export const plan = { events: { 'Viewed Pricing': {} } }\n`,
    )
    fails(['diff', 'tracked.mjs', '--base', 'main'], 1, (out) =>
      out.includes('✗ "Signed Up" was removed'),
    )
  })
  writeFileSync(
    join(dir, 'syntax.mjs'),
    `export const plan = {\n  events: {\n    'Viewed Pricing': {{},\n  },\n}\n`,
  )
  await check('CLI: a plan with a syntax error is reported at file:line:col, exit 2', () =>
    fails(['check', 'syntax.mjs'], 2, (_, err) =>
      /^trackplan: syntax\.mjs could not be loaded: syntax\.mjs:3:\d+: /.test(err),
    ),
  )
  await check('CLI: trackplan check on a plan with near-duplicates exits 1', () => {
    try {
      run(cli, ['check', 'bad.mjs'])
    } catch (error) {
      if (error.status === 1 && String(error.stdout).includes('near-duplicate')) return
      throw error
    }
    throw new Error('exited 0')
  })
} catch (error) {
  fail(String(error.stderr ?? error.message ?? error))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
done()
