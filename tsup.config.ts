import { defineConfig, type Options } from 'tsup'

// One config per audience: client entries carry 'use client' (Next.js App Router);
// server-only entries (core, server) do not need it but are harmless without it.
const shared: Options = {
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  target: 'es2022',
  external: ['react', 'react-dom', 'react/jsx-runtime'],
  // no `treeshake: true`: rollup's treeshake strips the 'use client' directive
}

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts' },
    banner: { js: '"use client";' },
    clean: true,
  },
  {
    ...shared,
    entry: {
      'core/index': 'src/core/index.ts',
      'server/index': 'src/server/index.ts',
    },
  },
])
