// @vitest-environment node
// trackplan/collector, bundled as an app's server would bundle it: no React; no database driver
// and no Node module loaded at import (each store loads what it needs when opened), so that
// it runs on any fetch-style runtime; toNodeListener takes Node's types only.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const entry = fileURLToPath(new URL('../../src/collector/index.ts', import.meta.url))
const DRIVERS = ['@electric-sql/pglite', 'pg']

describe('trackplan/collector, bundled', () => {
  it('imports no React; Node modules and database drivers only when a store opens', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      external: [...DRIVERS, 'node:*'],
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((path) => /node_modules\/(react|react-dom)\//.test(path))).toEqual([])
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports)
    // loaded when a store opens (a PGlite folder's lock file), never at import
    const loadedAtImport = imports.filter((i) => i.kind !== 'dynamic-import').map((i) => i.path)
    expect(loadedAtImport.filter((path) => path.startsWith('node:'))).toEqual([])
    expect(loadedAtImport.filter((path) => DRIVERS.includes(path))).toEqual([])
  })
})
