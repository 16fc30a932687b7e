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
import { fileURLToPath } from 'node:url'
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

/** `trackplan` in the project's node_modules, loading this repository's source (jiti compiles it). */
function installTrackplanFromSource(dir: string): void {
  const pkg = join(dir, 'node_modules/trackplan')
  mkdirSync(pkg, { recursive: true })
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'trackplan', type: 'module', exports: { './core': './core.ts' } }),
  )
  const core = fileURLToPath(new URL('../../src/entries/core.ts', import.meta.url))
  writeFileSync(join(pkg, 'core.ts'), `export * from ${JSON.stringify(core)}\n`)
}

/**
 * Whether a command init printed works in `dir`: `npx trackplan …` is run (exit 0); `npm test`
 * and `npm run x` need that script (not npm's placeholder); `npx bin` needs its package installed.
 */
async function runs(dir: string, command: string): Promise<boolean> {
  const [args = [], output] = command.split(' > ').map((part) => part.split(' '))
  if (args[0] === 'npx' && args[1] === 'trackplan') {
    const { code, out } = await runCli(dir, args.slice(2))
    if (output) writeFileSync(join(dir, output[0]!), out)
    return code === 0
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>
    devDependencies?: Record<string, string>
  }
  const script = args[1] === 'test' ? 'test' : args[1] === 'run' ? args[2] : undefined
  if (args[0] === 'npm' && script)
    return !!pkg.scripts?.[script] && !pkg.scripts[script]!.includes('no test specified')
  return args[0] === 'npx' && !!pkg.devDependencies?.[args[1]!]
}

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
      '  npx storybook dev -p 6006                  # the Tracking panel beside every story',
      "  npx vitest run                             # expect(tracking).toHaveTracked('Viewed Home')",
      '',
    ])
    const files = snapshot(dir)
    // after the user's entries; the rest of each file byte for byte
    expect(files['.storybook/main.ts']).toBe(
      VITE['.storybook/main.ts'].replace(
        "addons: ['@storybook/addon-docs'],",
        "addons: ['@storybook/addon-docs', 'trackplan/storybook'],",
      ),
    )
    expect(files['vite.config.ts']).toBe(
      VITE['vite.config.ts'].replace(
        "test: { environment: 'jsdom' },",
        "test: { environment: 'jsdom', setupFiles: ['trackplan/testing/vitest'] },",
      ),
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

  it('a string `setupFiles` (the common `./src/setupTests.ts`) becomes an array ending with the matchers: no second key', async () => {
    const dir = project({
      ...VITE,
      'vite.config.ts':
        "/// <reference types=\"vitest/config\" />\nimport { defineConfig } from 'vite'\n\nexport default defineConfig({\n  test: {\n    environment: 'jsdom',\n    setupFiles: './src/setupTests.ts',\n  },\n})\n",
    })
    const { out } = await init(dir, '--yes')
    expect(out).toContain('  ~ vite.config.ts: added the trackplan matchers')
    const config = snapshot(dir)['vite.config.ts']!
    expect(config).toContain(
      "    setupFiles: ['./src/setupTests.ts', 'trackplan/testing/vitest'],\n",
    )
    expect(config.match(/setupFiles/g)).toHaveLength(1)
  })

  it("every command init tells the user to run works: the starter plan's comment and the next steps", async () => {
    const dir = project({
      ...VITE,
      // no scripts: `npm test` and `npm run storybook` would fail here
      'package.json': JSON.stringify({
        name: 'app',
        scripts: { test: 'echo "Error: no test specified" && exit 1' },
        devDependencies: {
          vite: '8.3.8',
          vitest: '4.1.12',
          typescript: '6.0.3',
          storybook: '10.6.7',
        },
      }),
    })
    installTrackplanFromSource(dir)
    const { out } = await init(dir, '--yes')
    const comment = snapshot(dir)['src/tracking-plan.ts']!
    const commands = [
      ...[...comment.matchAll(/`(npx [^`]+)`/g)].map((m) => m[1]!),
      ...out
        .slice(out.indexOf('Then:\n') + 'Then:\n'.length)
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/#.*$/, '').trim()),
    ]
    expect(commands).toEqual([
      'npx trackplan check src/tracking-plan.ts',
      'npx trackplan export src/tracking-plan.ts --format csv > tracking-plan.csv',
      'npx trackplan check src/tracking-plan.ts',
      'npx storybook dev -p 6006',
      'npx vitest run',
    ])
    // `check` loads the plan through jiti, which compiles trackplan's core from source: slow
    for (const command of commands) expect(await runs(dir, command), command).toBe(true)
  }, 30_000)

  it('the next steps name the scripts the project has', async () => {
    const dir = project({
      ...VITE,
      'package.json': JSON.stringify({
        name: 'app',
        scripts: { test: 'vitest run', storybook: 'storybook dev -p 6006' },
        devDependencies: {
          vite: '8.3.8',
          vitest: '4.1.12',
          typescript: '6.0.3',
          storybook: '10.6.7',
        },
      }),
    })
    const { out } = await init(dir, '--yes')
    expect(out).toContain('\n  npm run storybook ')
    expect(out).toContain('\n  npm test ')
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
