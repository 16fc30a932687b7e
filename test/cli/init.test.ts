// @vitest-environment node
import {
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
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from './runCli'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trackplan-init-'))
  dirs.push(dir)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  return dir
}

const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name)
      if (statSync(path).isDirectory()) walk(path)
      else out[relative(dir, path)] = readFileSync(path, 'utf8')
    }
  }
  walk(dir)
  return out
}

const init = (cwd: string, ...args: string[]) => runCli(cwd, ['init', ...args])

const VITE = {
  'package.json': JSON.stringify({
    name: 'app',
    devDependencies: { vite: '7.0.0', vitest: '4.1.12', typescript: '6.0.3', storybook: '10.0.0' },
  }),
  'tsconfig.json': '{}',
  'vite.config.ts':
    "import { defineConfig } from 'vite'\nexport default defineConfig({\n  plugins: [],\n  test: { environment: 'jsdom' },\n})\n",
  '.storybook/main.ts':
    "const config = {\n  framework: '@storybook/react-vite',\n  addons: ['@storybook/addon-docs'],\n  stories: ['../src/**/*.stories.tsx'],\n}\nexport default config\n",
  'src/main.tsx': 'export {}\n',
}

describe('trackplan init', () => {
  it('a Vite + TypeScript + Storybook + Vitest project: starter files, the addon and the matchers, the provider lines', async () => {
    const dir = project(VITE)
    const { code, out } = await init(dir, '--yes')
    expect(code).toBe(0)
    expect(out.split('\n')).toEqual([
      'trackplan init: TypeScript, Vite, Storybook, Vitest',
      '  + created src/tracking-plan.ts',
      '  + created src/tracker.ts',
      '  ~ .storybook/main.ts: added the trackplan addon',
      '  ~ vite.config.ts: added the trackplan matchers',
      '  + created src/trackplan-env.d.ts',
      '',
      'Add the provider (three lines):',
      '  // src/main.tsx',
      "  import { TrackingProvider } from 'trackplan'",
      "  import { tracker } from './tracker'",
      '  <TrackingProvider tracker={tracker}><App /></TrackingProvider>',
      '',
      'Then:',
      '  npx trackplan check src/tracking-plan.ts   # lint the plan',
      '  npm run storybook                          # the Tracking panel beside every story',
      "  npm test                                   # expect(tracking).toHaveTracked('Viewed Home')",
      '',
    ])
    const files = snapshot(dir)
    expect(files['.storybook/main.ts']).toContain(
      "addons: ['trackplan/storybook', '@storybook/addon-docs'],",
    )
    expect(files['vite.config.ts']).toContain(
      "test: {\n  setupFiles: ['trackplan/testing/vitest'], environment: 'jsdom' },",
    )
    expect(files['src/trackplan-env.d.ts']).toBe(
      '/// <reference types="trackplan/testing/vitest" />\n',
    )
    expect(files['src/tracking-plan.ts']).toContain("declare module 'trackplan/core' {")

    // twice: nothing changes
    const again = await init(dir, '--yes')
    expect(snapshot(dir)).toEqual(files)
    expect(again.out).toContain('  = unchanged src/tracking-plan.ts')
    expect(again.out).toContain('  = .storybook/main.ts already has the trackplan addon')
    expect(again.out).toContain('  = vite.config.ts already has the trackplan matchers')
  })

  it('never replaces a file of yours, and without --yes (not a terminal) only prints the offers', async () => {
    const dir = project({ ...VITE, 'src/tracking-plan.ts': 'export const plan = { events: {} }\n' })
    const before = snapshot(dir)
    const { out } = await init(dir)
    expect(out).toContain('  ! kept yours src/tracking-plan.ts (it exists and differs')
    expect(out).toContain("  - skipped .storybook/main.ts: add 'trackplan/storybook' to `addons`")
    expect(out).toContain(
      "  - skipped vite.config.ts: add `setupFiles: ['trackplan/testing/vitest']` under `test`",
    )
    const after = snapshot(dir)
    expect(after['src/tracking-plan.ts']).toBe(before['src/tracking-plan.ts'])
    expect(after['vite.config.ts']).toBe(before['vite.config.ts'])
    expect(after['.storybook/main.ts']).toBe(before['.storybook/main.ts'])
  })

  it('a Next.js app without src/, Jest configured in package.json: lib/, a client provider, the layout lines', async () => {
    const dir = project({
      'package.json': JSON.stringify(
        {
          name: 'web',
          dependencies: { next: '16.4.6' },
          devDependencies: { jest: '30.5.2', typescript: '6.0.3' },
          jest: { testEnvironment: 'jsdom' },
        },
        null,
        2,
      ),
      'app/layout.tsx': 'export default function Layout() { return null }\n',
    })
    const { out } = await init(dir, '--yes')
    expect(out).toContain(
      'trackplan init: TypeScript, Next.js, Jest\n  + created lib/tracking-plan.ts\n  + created lib/tracker.ts\n  + created lib/tracking.tsx\n  ~ package.json: added the trackplan matchers',
    )
    expect(out).toContain(
      "  // app/layout.tsx\n  import { Tracking } from '../lib/tracking'\n  <body><Tracking>{children}</Tracking></body>",
    )
    const files = snapshot(dir)
    expect(JSON.parse(files['package.json']!).jest).toEqual({
      testEnvironment: 'jsdom',
      setupFilesAfterEnv: ['trackplan/testing/jest'],
    })
    expect(files['lib/tracking.tsx']!.startsWith("'use client'\n")).toBe(true)
    await init(dir, '--yes')
    expect(snapshot(dir)).toEqual(files)
  })

  it('outside a project: one line, exit 2', async () => {
    const dir = project({})
    expect(await init(dir)).toEqual({
      code: 2,
      out: '',
      err: "trackplan: no package.json here: run `trackplan init` in your React project's folder\n",
    })
  })
})
