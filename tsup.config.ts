import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { defineConfig, type Options } from 'tsup'

// The React entry is a client module for Next.js App Router. The directive goes on that entry
// file only, after the build: a banner would put it on every chunk, and the core and server
// entries must stay usable from server code (route handlers, webhooks).
function markClientEntry(): void {
  for (const file of ['dist/index.js', 'dist/index.cjs']) {
    const code = readFileSync(file, 'utf8')
    if (code.startsWith('"use client";')) continue
    writeFileSync(file, `"use client";\n${code}`)
    const map = `${file}.map`
    if (existsSync(map)) {
      const json = JSON.parse(readFileSync(map, 'utf8')) as { mappings: string }
      json.mappings = `;${json.mappings}` // one generated line added on top
      writeFileSync(map, JSON.stringify(json))
    }
  }
}

const library: Options = {
  // one build for every library entry, so they share chunks: one copy of the core (one
  // `TrackplanError` class) and one `Register` interface to augment, whichever entry is imported
  entry: {
    index: 'src/index.ts',
    'core/index': 'src/core/index.ts',
    'server/index': 'src/server/index.ts',
    'testing/index': 'src/testing/index.ts',
    'testing/vitest': 'src/testing/vitest.ts',
    'testing/jest': 'src/testing/jest.ts',
    'testing/coverage': 'src/testing/coverage.ts',
    'tools/index': 'src/tools/index.ts',
    'playwright/index': 'src/playwright/index.ts',
    'playwright/reporter': 'src/playwright/reporter.ts',
    // the Storybook addon shares the library's chunks: its decorator's TrackingProvider is the
    // very one stories import from 'trackplan' (one React context, one core)
    'storybook/preset': 'src/storybook/preset.ts',
    'storybook/preview': 'src/storybook/preview.tsx',
  },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  target: 'es2022',
  external: ['react', 'react-dom', 'react/jsx-runtime', 'vitest', 'jiti', /^storybook(\/|$)/, /^@playwright\/test(\/|$)/],
  shims: true,
  // no `treeshake: true`: rollup's treeshake drops module directives
  onSuccess: async () => markClientEntry(),
}

export default defineConfig([
  library,
  // The addon's manager side runs on Storybook's own React (a global, 18.x in Storybook 10):
  // classic JSX, so that its elements are that React's, and nothing shared with the preview
  {
    entry: { 'storybook/manager': 'src/storybook/manager.tsx' },
    format: ['esm'],
    target: 'es2022',
    sourcemap: true,
    external: ['react', 'react-dom', /^storybook(\/|$)/],
    tsconfig: 'src/storybook/tsconfig.manager.json',
  },
  {
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: ['jiti'],
    banner: { js: '#!/usr/bin/env node' },
  },
])
