// The sinks against the real third-party SDKs, as users install both: packs the tarball,
// installs it in a fresh folder beside Vitest, jsdom, posthog-js, @segment/analytics-next
// and Google's data-layer-helper (the versions this repository locks), copies the SDK test
// file and its helpers there, and runs it. `trackplan/core` resolves to the packed package,
// not to the source: a sink that only works from src/ fails here.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
const at = (name) => `${name}@${lock.packages[`node_modules/${name}`].version}`
const dir = mkdtempSync(join(tmpdir(), 'trackplan-sdks-'))
const run = (cmd, args, options = {}) =>
  execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: 'inherit', ...options })

let status = 1
try {
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'sdk-consumer', private: true, version: '1.0.0', type: 'module' }),
  )
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--loglevel=error',
    join(dir, tarball),
    at('vitest'),
    at('jsdom'),
    at('posthog-js'),
    at('@segment/analytics-next'),
    at('data-layer-helper'),
  ])
  for (const file of [
    'test/hardening/realSdks.test.ts',
    'test/delivery/collector.ts',
    'test/delivery/segment.ts',
  ]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    cpSync(join(root, file), join(dir, file))
  }
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    `export default { test: { environment: 'jsdom', include: ['test/**/*.test.ts'] } }\n`,
  )
  const resolved = execFileSync(
    'node',
    ['--input-type=module', '-e', "console.log(import.meta.resolve('trackplan/core'))"],
    { cwd: dir, encoding: 'utf8' },
  ).trim()
  if (!resolved.includes('/node_modules/trackplan/dist/'))
    throw new Error(`trackplan/core resolved to ${resolved}, not the packed package`)
  run('npx', ['vitest', 'run', '--reporter=default', ...process.argv.slice(2)])
  status = 0
} catch (error) {
  console.error(String(error.message ?? error))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exit(status)
