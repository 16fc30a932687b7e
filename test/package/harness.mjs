// What the packed-tarball checks share: the repository, the versions its lockfile pins,
// `npm pack`, and the check counter each script ends with (`name: N passed, M failed`).
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A runner of `npx …` in `cwd` with `env` (plus a call's `extra`), its output as text. */
export const npxIn =
  (cwd, env) =>
  (args, extra = {}) =>
    spawnSync('npx', args, {
      cwd,
      encoding: 'utf8',
      env: { ...env, ...extra },
      maxBuffer: 64 << 20,
    })

export const root = fileURLToPath(new URL('../..', import.meta.url))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))

/** `name@version` as this repository's lockfile pins it. */
export const at = (name) => `${name}@${lock.packages[`node_modules/${name}`].version}`

/** Packs the package into `dir`; returns the tarball's path. */
export const pack = (dir) =>
  join(
    dir,
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1),
  )

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
      console.log(
        `${label}: ${passed} passed, ${failed} failed (${((Date.now() - start) / 1000).toFixed(0)} s)`,
      )
      process.exit(failed === 0 ? 0 : 1)
    },
  }
}

/** A spawnSync result that must have succeeded; returns it. */
export function ok(result, what) {
  if (result.status !== 0)
    throw new Error(`${what} exited ${result.status}\n${result.stdout}\n${result.stderr}`)
  return result
}

/** Debian's Chromium (TOOLCHAIN.md: never a downloaded browser), headless, for the checks that drive a page. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

/**
 * Serves `folder` on 127.0.0.1 (a free port). `route(req, res)` answers first when it returns
 * true (a collector beside the app); a missing file is a 404, or `fallback` (an app's index.html).
 */
export async function serveFolder(folder, { route, fallback } = {}) {
  const { createServer } = await import('node:http')
  const { existsSync, statSync } = await import('node:fs')
  const { extname } = await import('node:path')
  const server = createServer((req, res) => {
    if (route?.(req, res)) return
    let file = join(folder, decodeURIComponent(new URL(req.url, 'http://x').pathname))
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file) && fallback) file = join(folder, fallback)
    if (!existsSync(file)) return void res.writeHead(404).end()
    res
      .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      .end(readFileSync(file))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => (server.closeAllConnections(), server.close()),
  }
}
