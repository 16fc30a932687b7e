// Runs test/hunt/simtrace.sim.ts (a failing seed's shrunk schedule, request by request):
// TRACE_SEED=N npx vitest run --config test/hunt/trace.config.ts
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
export default defineConfig({
  resolve: {
    alias: [
      { find: /^trackplan$/, replacement: here('../../src/index.ts') },
      { find: /^trackplan\/core$/, replacement: here('../../src/entries/core.ts') },
    ],
  },
  test: {
    include: ['test/hunt/simtrace.sim.ts'],
    environment: 'node',
    testTimeout: 600_000,
    root: here('../..'),
  },
})
