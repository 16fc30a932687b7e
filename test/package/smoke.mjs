// Tests what users install: packs the tarball, installs it in a fresh folder beside React,
// and imports every entry point, ESM and CJS (and runs the CLI when the package has one).
// A broken `exports` map or a file missing from `files` fails here.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
const version = (name) => lock.packages[`node_modules/${name}`].version
const dir = mkdtempSync(join(tmpdir(), 'trackplan-pack-'))
let passed = 0
let failed = 0
const check = (name, fn) => {
  try {
    fn()
    passed++
    console.log(`  ✓ ${name}`)
  } catch (error) {
    failed++
    console.log(`  ✗ ${name}\n${String(error.stderr ?? error.stdout ?? error.message ?? error).trim()}`)
  }
}
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe', ...options })

try {
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root }).trim().split('\n').at(-1)
  console.log(`packed ${tarball}`)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }))
  run('npm', [
    'install', '--no-audit', '--no-fund', '--ignore-scripts',
    join(dir, tarball), `react@${version('react')}`, `react-dom@${version('react-dom')}`,
  ])

  const entries = Object.keys(pkg.exports).filter((e) => e !== './package.json').map((e) => e.replace(/^\./, 'trackplan'))
  const expected = {
    trackplan: ['TrackingProvider', 'useTrack', 'TrackClick', 'createTracker', 'memorySink'],
    'trackplan/core': ['createTracker', 'memorySink', 'consoleSink', 'callbackSink'],
    'trackplan/server': ['createTracker', 'flushOnExit'],
    'trackplan/testing': ['createTestTracker', 'trackplanMatchers', 'planCoverage'],
    'trackplan/storybook': [],
  }
  for (const entry of entries) {
    const names = JSON.stringify(expected[entry] ?? [])
    check(`ESM import ${entry}`, () =>
      run('node', ['--input-type=module', '-e', `const m = await import('${entry}'); for (const n of ${names}) if (typeof m[n] === 'undefined') throw new Error('missing export ' + n)`]),
    )
    check(`CJS require ${entry}`, () =>
      run('node', ['-e', `const m = require('${entry}'); for (const n of ${names}) if (typeof m[n] === 'undefined') throw new Error('missing export ' + n)`]),
    )
  }
  check('the React entry carries "use client" and tracks on a server without throwing', () => {
    const file = readFileSync(join(dir, 'node_modules/trackplan/dist/index.js'), 'utf8')
    if (!file.startsWith('"use client"')) throw new Error('dist/index.js does not start with "use client"')
    run('node', ['--input-type=module', '-e', `
      const { createTracker, memorySink } = await import('trackplan')
      const memory = memorySink(); const t = createTracker({ sinks: [memory] })
      t.track('Renewed Subscription', { plan: 'team' }); await t.flush()
      if (memory.events.length !== 1) throw new Error('not tracked')`])
  })
  if (pkg.bin) {
    for (const name of Object.keys(pkg.bin)) check(`CLI ${name} --help`, () => run(join(dir, 'node_modules/.bin', name), ['--help']))
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(`package: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
