import { fileURLToPath } from 'node:url'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// Tests import the package by its name, exactly as users do.
const packageAlias = [
  { find: /^trackplan$/, replacement: here('./src/index.ts') },
  {
    find: /^trackplan\/testing\/(vitest|jest|coverage)$/,
    replacement: here('./src/testing/$1.ts'),
  },
  { find: /^trackplan\/devtools\/production$/, replacement: here('./src/devtools/production.ts') },
  { find: /^trackplan\/core$/, replacement: here('./src/entries/core.ts') },
  {
    find: /^trackplan\/(server|testing|storybook|tools|devtools|collector)$/,
    replacement: here('./src/$1/index.ts'),
  },
]

// React 18.3 lives in test/react18/node_modules (its own small install), so the same
// React tests run against both majors. Everything React-shaped resolves there.
const react18 = here('./test/react18/node_modules/')
const react18Alias = [
  { find: /^react$/, replacement: `${react18}react/index.js` },
  { find: /^react\/(.*)$/, replacement: `${react18}react/$1.js` },
  { find: /^react-dom$/, replacement: `${react18}react-dom/index.js` },
  { find: /^react-dom\/(.*)$/, replacement: `${react18}react-dom/$1.js` },
  {
    find: /^@testing-library\/react$/,
    replacement: `${react18}@testing-library/react/dist/index.js`,
  },
  { find: /^react-hook-form$/, replacement: `${react18}react-hook-form/dist/index.cjs.js` },
  // libraries that import React resolve it beside themselves: their React 18 copies live here too
  { find: /^formik$/, replacement: `${react18}formik/dist/index.js` },
  { find: /^@radix-ui\/(react-[a-z-]+)$/, replacement: `${react18}@radix-ui/$1/dist/index.js` },
  { find: /^@headlessui\/react$/, replacement: `${react18}@headlessui/react/dist/index.cjs` },
]

const jsdomProject = (
  name: string,
  include: string[],
  alias = packageAlias,
  react = '19',
  exclude: string[] = [],
): TestProjectInlineConfiguration => ({
  resolve: { alias },
  test: {
    name,
    include,
    exclude: ['test/browser/**', 'test/react18/**', '**/node_modules/**', ...exclude],
    environment: 'jsdom',
    globals: true,
    setupFiles: [here('./test/setup.ts')],
    typecheck: { enabled: false },
    env: { EXPECTED_REACT_MAJOR: react },
  },
})

export default defineConfig({
  test: {
    // the playground's "server error" signup story and the error-scrubbing test reject on
    // purpose: TrackForm leaves an onSubmit rejection unhandled, as the app wrote it, and
    // records the failure
    onUnhandledError: (error) =>
      error.message === 'POST /signup answered 500' ||
      error.message.startsWith('User alice@example.org already exists')
        ? false
        : undefined,
    projects: [
      jsdomProject('unit', ['test/**/*.test.{ts,tsx}'], packageAlias, '19', [
        'test/stories.test.tsx',
      ]),
      {
        ...jsdomProject('stories', ['test/stories.test.tsx']),
        test: {
          ...jsdomProject('stories', ['test/stories.test.tsx']).test,
          setupFiles: [here('./test/setup.ts'), here('./test/stories.setup.ts')],
          globalSetup: [here('./test/stories.coverage.ts')],
        },
      },
      jsdomProject(
        'react18',
        ['test/react/**/*.test.tsx'],
        [...react18Alias, ...packageAlias],
        '18',
      ),
      {
        // the delivery simulation: virtual time, seeded schedules; npm test runs 1,000 seeds,
        // npm run simulate (and CI) 10,000 or --seeds N
        resolve: { alias: packageAlias },
        test: {
          name: 'simulation',
          include: ['test/simulation/delivery.sim.ts'],
          environment: 'node',
          testTimeout: 600_000,
          env: { SIM_SEEDS: process.env.SIM_SEEDS ?? '1000' },
        },
      },
      {
        // real Chromium (Debian's), driven by playwright-core, against real servers on 127.0.0.1
        resolve: { alias: packageAlias },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'types',
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/types/*.test-d.{ts,tsx}'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        // a plan registered through `Register` changes every type in its program: its own tsconfig
        test: {
          name: 'types-registered',
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/types/registered/*.test-d.{ts,tsx}'],
            tsconfig: './test/types/registered/tsconfig.json',
          },
        },
      },
    ],
  },
})
