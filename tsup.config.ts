import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { defineConfig, type Options } from 'tsup'

// Next.js App Router: a module with 'use client' is a client reference, and what it exports
// ships whole to every route that imports it from a Server Component. So the React entry
// (dist/index.js) carries no directive and only re-exports; each component and hook is its
// own file with 'use client' (dist/react/*.js), and the core stays server code. A route ships
// the components it uses, and its client modules tree-shake the core and the sinks.
const CLIENT_MODULES = [
  'TrackingProvider',
  'TrackScope',
  'TrackClick',
  'TrackView',
  'TrackForm',
  'useFormTracking',
  'TrackErrorBoundary',
  'useTrackError',
  'useRageClicks',
  'useTrack',
  'useTracker',
  'useTrackOnMount',
  'TrackPageViews',
]

function markClientModules(): void {
  // the CJS build is the ESM one converted: its re-exports must point at the .cjs files
  const index = readFileSync('dist/index.cjs', 'utf8')
  writeFileSync(
    'dist/index.cjs',
    index.replace(/require\('\.\/(react\/\w+|core\/index)\.js'\)/g, "require('./$1.cjs')"),
  )
  for (const name of [
    ...CLIENT_MODULES.map((m) => `react/${m}`),
    'devtools/index',
    'devtools/production',
  ]) {
    for (const file of [`dist/${name}.js`, `dist/${name}.cjs`]) {
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
}

/** In the React entry, imports of the client modules and the core stay imports of their built files (the boundaries above). */
const entryBoundaries: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'trackplan-entry-boundaries',
  setup(build) {
    const ext = build.initialOptions.format === 'cjs' ? '.cjs' : '.js'
    build.onResolve({ filter: /^\.\/(react\/|entries\/core$)/ }, (args) => {
      if (!args.importer.endsWith('/src/index.ts')) return undefined
      // the core's entry is built as dist/core/index
      const built = args.path === './entries/core' ? './core/index' : args.path
      return { path: `${built}${ext}`, external: true }
    })
  },
}

const library: Options = {
  // one build for every library entry, so they share chunks: one copy of the core (one
  // `TrackplanError` class) and one `Register` interface to augment, whichever entry is imported
  entry: {
    index: 'src/index.ts',
    'core/index': 'src/entries/core.ts',
    'server/index': 'src/server/index.ts',
    'testing/index': 'src/testing/index.ts',
    'testing/vitest': 'src/testing/vitest.ts',
    'testing/jest': 'src/testing/jest.ts',
    'testing/coverage': 'src/testing/coverage.ts',
    'tools/index': 'src/tools/index.ts',
    'collector/index': 'src/collector/index.ts',
    'playwright/index': 'src/playwright/index.ts',
    'playwright/reporter': 'src/playwright/reporter.ts',
    // the Storybook addon shares the library's chunks: its decorator's TrackingProvider is the
    // very one stories import from 'trackplan' (one React context, one core)
    'storybook/preset': 'src/storybook/preset.ts',
    'storybook/preview': 'src/storybook/preview.tsx',
    // the in-app devtools: a small loader (client modules); the panel is a lazy chunk of theirs
    'devtools/index': 'src/devtools/index.ts',
    'devtools/production': 'src/devtools/production.ts',
    ...Object.fromEntries(
      CLIENT_MODULES.map((name) => [
        `react/${name}`,
        `src/react/${name}.${name.startsWith('use') ? 'ts' : 'tsx'}`,
      ]),
    ),
  },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  target: 'es2022',
  external: [
    'react',
    'react-dom',
    'react-dom/client',
    'react/jsx-runtime',
    'vitest',
    'jiti',
    /^storybook(\/|$)/,
    /^@playwright\/test(\/|$)/,
    // the collector's stores load their database driver when opened: optional peers
    '@electric-sql/pglite',
    'pg',
  ],
  shims: true,
  // no `treeshake: true`: rollup's treeshake drops module directives
  esbuildPlugins: [entryBoundaries],
  // CJS too: one copy of each context and of the core across the per-module files
  splitting: true,
  onSuccess: async () => markClientModules(),
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
    // loaded when needed (`import()`): jiti by the commands that read a plan, magicast by init
    external: ['jiti', 'magicast', '@electric-sql/pglite', 'pg'],
    banner: { js: '#!/usr/bin/env node' },
  },
])
