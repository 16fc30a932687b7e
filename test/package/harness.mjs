// What the packed-tarball checks share: the repository, the versions its lockfile pins,
// `npm pack`, and the check counter each script ends with (`name: N passed, M failed`).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))

/** `name@version` as this repository's lockfile pins it. */
export const at = (name) => `${name}@${lock.packages[`node_modules/${name}`].version}`

/** Packs the package into `dir`; returns the tarball's path. */
export const pack = (dir) => join(dir, execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1))

/** Named checks, counted; `done()` prints the tally and exits 0 only when none failed. */
export function checks(label) {
  let passed = 0
  let failed = 0
  const start = Date.now()
  return {
    async check(name, fn) {
      const began = Date.now()
      try {
        await fn()
        passed++
        console.log(`  ✓ ${name} (${((Date.now() - began) / 1000).toFixed(0)} s)`)
      } catch (error) {
        failed++
        console.log(`  ✗ ${name}\n${String(error?.message ?? error).trim()}`)
      }
    },
    fail(message) {
      failed++
      console.error(message)
    },
    done() {
      console.log(`${label}: ${passed} passed, ${failed} failed (${((Date.now() - start) / 1000).toFixed(0)} s)`)
      process.exit(failed === 0 ? 0 : 1)
    },
  }
}

/** A spawnSync result that must have succeeded; returns it. */
export function ok(result, what) {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}\n${result.stdout}\n${result.stderr}`)
  return result
}
