// @vitest-environment node
// trackplan/collector, bundled as an app's server would bundle it: no React, no database driver
// loaded at import (each store loads its own when opened), no Node module (it runs on any
// fetch-style runtime; toNodeListener takes Node's types only).
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const entry = fileURLToPath(new URL('../../src/collector/index.ts', import.meta.url))
const DRIVERS = ['@electric-sql/pglite', 'pg']

describe('trackplan/collector, bundled', () => {
  it('imports no React, no Node module, and its database drivers only when a store opens', async () => {
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
    expect(imports.filter((i) => i.path.startsWith('node:'))).toEqual([])
    expect(imports.filter((i) => DRIVERS.includes(i.path) && i.kind !== 'dynamic-import')).toEqual(
      [],
    )
  })
})
