import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { collector, launch, serveStatic, type Listening } from './support'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Bundles a fixture page (React 19 and trackplan from source) into a fresh folder with an index.html. */
export async function buildPage(entry: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'trackplan-page-'))
  await build({
    entryPoints: [join(root, 'test/browser/fixtures', entry)],
    outfile: join(dir, 'app.js'),
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"development"' },
    alias: {
      trackplan: join(root, 'src/index.ts'),
      'trackplan/devtools': join(root, 'src/devtools/index.ts'),
    },
    logLevel: 'silent',
  })
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>Signup</title></head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>',
  )
  writeFileSync(
    join(dir, 'elsewhere.html'),
    '<!doctype html><html><head><title>Elsewhere</title></head><body><p>Another page</p></body></html>',
  )
  return dir
}

/**
 * For a test file: bundles the fixture page, serves it, starts a collector and a Chromium
 * before the tests, and closes them all after. Read the parts from the returned object once
 * the tests run.
 */
export function pageWithCollector(entry: string) {
  const parts = {} as {
    site: Listening
    sink: Awaited<ReturnType<typeof collector>>
    context: BrowserContext
  }
  let browser: Awaited<ReturnType<typeof launch>> | undefined
  beforeAll(async () => {
    parts.site = await serveStatic(await buildPage(entry))
    parts.sink = await collector()
    browser = await launch()
    parts.context = browser.context
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await parts.site?.close()
    await parts.sink?.close()
  })
  return parts
}
