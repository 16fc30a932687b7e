// Adoption as users do it, with the installed bin from the packed tarball:
// - `trackplan import`: the CSV round trip (export → import → export, byte-identical); a
//   Segment Protocols plan, an Iglu schema set, a draft-07 folder and a 2020-12 file, each
//   imported, type-checked with tsc and passed to `trackplan check`; every unsupported
//   construct listed in the report.
// - `trackplan init --yes` in a throwaway Vite app and a Next.js app: then the provider
//   lines the command prints, the app's production build, and a test using the matchers
//   against the generated plan; `init` again changes no file.
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { at, checks, ok, pack, root } from './harness.mjs'

const NEXT = 'next@16.4.6' // TOOLCHAIN.md: runs on Node 20.20
const base = mkdtempSync(join(tmpdir(), 'trackplan-adoption-'))
const env = {
  ...process.env,
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  CI: '1',
}

const { check, fail, done } = checks('adoption')
const run = (dir, cmd, args) =>
  spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 })
const write = (dir, files) => {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
}
const install = (dir, pkgs) =>
  ok(
    run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...pkgs]),
    'npm install',
  )
const snapshot = (dir) => {
  const out = {}
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      if (['node_modules', '.next', 'dist', '.git'].includes(name)) continue
      const path = join(d, name)
      if (statSync(path).isDirectory()) walk(path)
      else out[relative(dir, path)] = readFileSync(path, 'utf8')
    }
  }
  walk(dir)
  return out
}
const same = (a, b) => {
  const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k])
  if (changed.length) throw new Error(`init changed files the second time: ${changed.join(', ')}`)
}

/** A test of the app's call to action with the matchers, as a user writes one after `init`. */
const matcherTest = ({ component, from, plan }) => `import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { expect, it } from 'vitest'
import { TrackClick, TrackingProvider } from 'trackplan'
import { createTestTracker } from 'trackplan/testing'
import { ${component} } from '${from}'
import { plan } from '${plan}'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

it('the call to action is tracked as planned', async () => {
  const tracking = createTestTracker({ plan, validation: 'throw' })
  const host = document.body.appendChild(document.createElement('div'))
  await act(async () => createRoot(host).render(<TrackingProvider tracker={tracking.tracker}><${component} /></TrackingProvider>))
  await act(async () => host.querySelector('button')!.click())
  await tracking.tracker.flush()
  expect(tracking).toHaveTracked('Clicked Get Started', { placement: 'hero' })
  expect(tracking).toHaveNoPlanViolations()
})
`

try {
  const tarball = pack(base)

  // --- import ---
  const imp = join(base, 'import')
  write(imp, {
    'package.json': JSON.stringify({
      name: 'importer',
      private: true,
      version: '1.0.0',
      type: 'module',
    }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        skipLibCheck: true,
        noEmit: true,
        types: [],
      },
      include: ['plans'],
    }),
  })
  install(imp, [tarball, at('typescript'), at('zod')])
  cpSync(join(root, 'test/cli/fixtures/import'), join(imp, 'sources'), { recursive: true })
  cpSync(join(root, 'test/cli/fixtures/plan.ts'), join(imp, 'plan.ts'))
  const bin = join(imp, 'node_modules/.bin/trackplan')

  await check('import: export → import → export is byte-identical (the bin, a zod plan)', () => {
    const csv = ok(run(imp, bin, ['export', 'plan.ts', '--format', 'csv']), 'export').stdout
    writeFileSync(join(imp, 'plan.csv'), csv)
    ok(run(imp, bin, ['import', 'plan.csv', '--out', 'plans/roundtrip.ts']), 'import')
    const again = ok(
      run(imp, bin, ['export', 'plans/roundtrip.ts', '--format', 'csv']),
      'export again',
    ).stdout
    if (again !== csv) throw new Error(`the round trip differs:\n${csv}\n---\n${again}`)
  })
  const sources = {
    segment: ['sources/segment-config.json', ['the identify rules were not imported']],
    'segment-public': ['sources/segment-public.json', ['the IDENTIFY rule was not imported']],
    iglu: ['sources/iglu', []],
    draft07: ['sources/draft07', ['"not" was not imported', '"uniqueItems" was not imported']],
    'json-2020-12': ['sources/schemas-2020-12.json', []],
  }
  for (const [name, [source, unsupported]] of Object.entries(sources)) {
    await check(
      `import ${source}: every unsupported construct reported, then trackplan check passes`,
      () => {
        const result = ok(run(imp, bin, ['import', source, '--out', `plans/${name}.ts`]), 'import')
        const dropped = result.stderr.split('\n').filter((l) => l.startsWith('✗ not imported'))
        for (const construct of unsupported)
          if (!dropped.some((l) => l.includes(construct)))
            throw new Error(`"${construct}" is missing from the report:\n${result.stderr}`)
        if (dropped.length !== unsupported.length)
          throw new Error(`unexpected report lines:\n${result.stderr}`)
        ok(run(imp, bin, ['check', `plans/${name}.ts`]), 'trackplan check')
      },
    )
  }
  // one tsc run per plan: each registers itself as the app's plan
  await check('import: every imported plan type-checks with tsc (strict)', () => {
    for (const name of ['roundtrip', ...Object.keys(sources)]) {
      writeFileSync(
        join(imp, `tsconfig.${name}.json`),
        JSON.stringify({ extends: './tsconfig.json', include: [`plans/${name}.ts`] }),
      )
      ok(run(imp, 'npx', ['tsc', '-p', `tsconfig.${name}.json`]), `tsc on plans/${name}.ts`)
    }
  })

  // --- init in a Vite app ---
  const vite = join(base, 'vite-app')
  write(vite, {
    'package.json': JSON.stringify(
      {
        name: 'vite-app',
        private: true,
        version: '1.0.0',
        type: 'module',
        scripts: { build: 'tsc -p . && vite build', test: 'vitest run' },
      },
      null,
      2,
    ),
    'index.html':
      '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n',
    'tsconfig.json': JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'esnext',
          moduleResolution: 'bundler',
          jsx: 'react-jsx',
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include: ['src'],
      },
      null,
      2,
    ),
    'vite.config.ts':
      "import { defineConfig } from 'vite'\n\nexport default defineConfig({\n  test: { environment: 'jsdom' },\n})\n",
    'src/App.tsx': `import { TrackClick } from 'trackplan'

export function App() {
  return <TrackClick event="Clicked Get Started" properties={{ placement: 'hero' }}><button>Get started</button></TrackClick>
}
`,
    'src/vite-env.d.ts': '/// <reference types="vite/client" />\n',
    'src/main.tsx': `import { createRoot } from 'react-dom/client'
import { App } from './App'

createRoot(document.getElementById('root')!).render(<App />)
`,
  })
  install(vite, [
    tarball,
    at('react'),
    at('react-dom'),
    at('@types/react'),
    at('@types/react-dom'),
    at('vite'),
    at('vitest'),
    at('jsdom'),
    at('typescript'),
  ])
  const viteBin = join(vite, 'node_modules/.bin/trackplan')
  let viteFiles
  await check('init --yes in a Vite app: plan, tracker, matchers and their types', () => {
    const out = ok(run(vite, viteBin, ['init', '--yes']), 'init').stdout
    for (const line of [
      '+ created src/tracking-plan.ts',
      '+ created src/tracker.ts',
      '~ vite.config.ts: added the trackplan matchers',
      '+ created src/trackplan-env.d.ts',
    ]) {
      if (!out.includes(line)) throw new Error(`missing "${line}" in\n${out}`)
    }
    // the three lines init printed, as a user adds them
    const main = readFileSync(join(vite, 'src/main.tsx'), 'utf8')
      .replace(
        "import { App } from './App'",
        "import { App } from './App'\nimport { TrackingProvider } from 'trackplan'\nimport { tracker } from './tracker'",
      )
      .replace(
        '.render(<App />)',
        '.render(<TrackingProvider tracker={tracker}><App /></TrackingProvider>)',
      )
    writeFileSync(join(vite, 'src/main.tsx'), main)
    write(vite, {
      'src/App.test.tsx': `${matcherTest({ component: 'App', from: './App', plan: './tracking-plan' })}
// the plan registered on 'trackplan/core' types trackplan's React components too
// @ts-expect-error "Clicked Nothing" is not in the plan
export const unplanned = <TrackClick event="Clicked Nothing"><button /></TrackClick>
`,
    })
    viteFiles = snapshot(vite)
  })
  await check('Vite app: tsc and the production build pass', () =>
    ok(run(vite, 'npm', ['run', 'build']), 'build'),
  )
  await check('Vite app: the test using the matchers passes', () =>
    ok(run(vite, 'npm', ['test']), 'vitest'),
  )
  await check('Vite app: trackplan check on the starter plan', () =>
    ok(run(vite, viteBin, ['check', 'src/tracking-plan.ts']), 'check'),
  )
  await check('Vite app: init a second time changes nothing', () => {
    const before = snapshot(vite)
    ok(run(vite, viteBin, ['init', '--yes']), 'init')
    same(before, snapshot(vite))
    if (!viteFiles) throw new Error('the first init failed')
  })

  // --- init in a Next.js app ---
  const next = join(base, 'next-app')
  write(next, {
    'package.json': JSON.stringify(
      {
        name: 'next-app',
        private: true,
        version: '1.0.0',
        scripts: { build: 'next build', test: 'vitest run' },
      },
      null,
      2,
    ),
    'vitest.config.mts':
      "import { defineConfig } from 'vitest/config'\n\nexport default defineConfig({\n  test: { environment: 'jsdom' },\n  oxc: { jsx: { runtime: 'automatic' } },\n})\n",
    'app/layout.tsx': `import type { ReactNode } from 'react'

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
`,
    'app/cta.tsx': `'use client'

import { TrackClick } from 'trackplan'

export function Cta() {
  return <TrackClick event="Clicked Get Started" properties={{ placement: 'hero' }}><button>Get started</button></TrackClick>
}
`,
    'app/page.tsx': `import { Cta } from './cta'

export default function Page() {
  return <main><h1>Home</h1><Cta /></main>
}
`,
  })
  install(next, [
    tarball,
    NEXT,
    at('react'),
    at('react-dom'),
    at('@types/react'),
    at('@types/react-dom'),
    at('@types/node'),
    at('typescript'),
    at('vitest'),
    at('jsdom'),
  ])
  const nextBin = join(next, 'node_modules/.bin/trackplan')
  await check(
    'init --yes in a Next.js app: lib/ plan, tracker and client provider, the matchers',
    () => {
      const out = ok(run(next, nextBin, ['init', '--yes']), 'init').stdout
      for (const line of [
        '+ created lib/tracking-plan.ts',
        '+ created lib/tracker.ts',
        '+ created lib/tracking.tsx',
        '~ vitest.config.mts: added the trackplan matchers',
        "import { Tracking } from '../lib/tracking'",
      ]) {
        if (!out.includes(line)) throw new Error(`missing "${line}" in\n${out}`)
      }
      const layout = readFileSync(join(next, 'app/layout.tsx'), 'utf8')
        .replace(
          "import type { ReactNode } from 'react'",
          "import type { ReactNode } from 'react'\nimport { Tracking } from '../lib/tracking'",
        )
        .replace('<body>{children}</body>', '<body><Tracking>{children}</Tracking></body>')
      writeFileSync(join(next, 'app/layout.tsx'), layout)
      write(next, {
        'app/cta.test.tsx': matcherTest({
          component: 'Cta',
          from: './cta',
          plan: '../lib/tracking-plan',
        }),
      })
    },
  )
  await check('Next.js app: next build passes (type check included)', () =>
    ok(run(next, 'npm', ['run', 'build']), 'next build'),
  )
  await check('Next.js app: the test using the matchers passes', () =>
    ok(run(next, 'npm', ['test']), 'vitest'),
  )
  await check('Next.js app: init a second time changes nothing', () => {
    const before = snapshot(next)
    ok(run(next, nextBin, ['init', '--yes']), 'init')
    same(before, snapshot(next))
  })
} catch (error) {
  fail(String(error.message ?? error))
} finally {
  rmSync(base, { recursive: true, force: true })
}
done()
