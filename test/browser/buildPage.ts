import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

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
    alias: { trackplan: join(root, 'src/index.ts') },
    logLevel: 'silent',
  })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>Signup</title></head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>')
  writeFileSync(join(dir, 'elsewhere.html'), '<!doctype html><html><head><title>Elsewhere</title></head><body><p>Another page</p></body></html>')
  return dir
}
