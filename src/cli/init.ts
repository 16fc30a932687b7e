import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { createFile } from './files'
import { UsageError } from './loadPlan'

/** What `init` found in the project. */
export interface Project {
  typescript: boolean
  framework: 'next' | 'vite' | 'other'
  storybook?: string
  runner?: { name: 'vitest' | 'jest'; config?: string }
  /** Where the new modules go: `src`, else `lib` in a Next.js app without `src`. */
  dir: string
}

export interface InitIo {
  out: (text: string) => void
  cwd: string
  /** Asks a yes/no question; `--yes` answers yes, a non-interactive run without it no. */
  confirm: (question: string) => Promise<boolean>
}

const first = (cwd: string, names: string[]): string | undefined =>
  names.find((n) => existsSync(join(cwd, n)))
const configNames = (base: string): string[] =>
  ['ts', 'mts', 'js', 'mjs', 'cjs'].map((e) => `${base}.${e}`)

export function detect(cwd: string): Project {
  const pkgPath = join(cwd, 'package.json')
  if (!existsSync(pkgPath))
    throw new UsageError(
      "no package.json here: run `trackplan init` in your React project's folder",
    )
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
    jest?: unknown
  }
  const deps = { ...pkg.dependencies, ...pkg.devDependencies }
  const has = (name: string): boolean => Object.hasOwn(deps, name)
  const framework = has('next')
    ? 'next'
    : has('vite') || first(cwd, configNames('vite.config'))
      ? 'vite'
      : 'other'
  const storybookDir = existsSync(join(cwd, '.storybook'))
    ? first(cwd, configNames('.storybook/main'))
    : undefined
  const vitestConfig = first(cwd, [...configNames('vitest.config'), ...configNames('vite.config')])
  const jestConfig = first(cwd, configNames('jest.config'))
  const runner = has('vitest')
    ? { name: 'vitest' as const, ...(vitestConfig ? { config: vitestConfig } : {}) }
    : has('jest') || jestConfig || pkg.jest
      ? {
          name: 'jest' as const,
          ...(jestConfig ? { config: jestConfig } : pkg.jest ? { config: 'package.json' } : {}),
        }
      : undefined
  const dir = existsSync(join(cwd, 'src')) || framework !== 'next' ? 'src' : 'lib'
  return {
    typescript: existsSync(join(cwd, 'tsconfig.json')) || has('typescript'),
    framework,
    ...(storybookDir ? { storybook: storybookDir } : {}),
    ...(runner ? { runner } : {}),
    dir,
  }
}

const PLAN = (
  ts: boolean,
): string => `import { builtInEvents, defineTrackingPlan } from 'trackplan/core'

// Your tracking plan: every event the app tracks, its properties and what they mean.
// \`npx trackplan check\` lints it; \`npx trackplan export --format csv\` makes the spreadsheet.
export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    ...builtInEvents,
    'Viewed Home': { description: 'The home page was shown', owner: 'product' },
    'Clicked Get Started': {
      description: 'The main call to action was clicked',
      properties: { placement: { type: 'string', enum: ['hero', 'footer'], required: true } },
    },
  },
})
${
  ts
    ? `
declare module 'trackplan/core' {
  interface Register {
    plan: typeof plan
  }
}
`
    : ''
}`

/** How the starter tracker tells development from production, in the project's own terms. */
function development(cwd: string, project: Project): string | undefined {
  if (project.framework === 'next') return "process.env.NODE_ENV !== 'production'"
  const viteTypes =
    existsSync(join(cwd, 'src/vite-env.d.ts')) ||
    ['tsconfig.json', 'tsconfig.app.json'].some(
      (f) => existsSync(join(cwd, f)) && readFileSync(join(cwd, f), 'utf8').includes('vite/client'),
    )
  if (project.framework === 'vite' && (viteTypes || !project.typescript))
    return 'import.meta.env.DEV'
  return undefined
}

const TRACKER = (
  dev: string | undefined,
): string => `import { consoleSink, createTracker } from 'trackplan/core'
import { plan } from './tracking-plan'

// One tracker for the app. Add your destination to \`sinks\`: httpSink({ url }) for your
// collector, segmentSink, posthogSink, dataLayerSink (GTM) or kissmetricsSink.
export const tracker = createTracker({
  plan,
${dev ? `  sinks: ${dev} ? [consoleSink()] : [],` : '  // consoleSink() logs every event to the console while you build: replace it before you ship\n  sinks: [consoleSink()],'}
})
`

const NEXT_PROVIDER = (): string => `'use client'

import { TrackingProvider } from 'trackplan'
import type { ReactNode } from 'react'
import { tracker } from './tracker'

export function Tracking({ children }: { children: ReactNode }) {
  return <TrackingProvider tracker={tracker}>{children}</TrackingProvider>
}
`

const VITEST_TYPES = '/// <reference types="trackplan/testing/vitest" />\n'

/** Writes a new file; an existing one is never replaced. Returns what happened, for the summary. */
const create = (cwd: string, file: string, text: string): ReturnType<typeof createFile> =>
  createFile(join(cwd, file), text)

/** Inserts `entry` into the array after `key:` in a config file, or adds the key to the config object. */
function addToArray(
  source: string,
  key: string,
  entry: string,
  objectStart?: RegExp,
): string | undefined {
  const array = new RegExp(`${key}\\s*:\\s*\\[`)
  const found = array.exec(source)
  if (found) {
    const at = found.index + found[0].length
    const empty = /^\s*\]/.test(source.slice(at))
    return `${source.slice(0, at)}${entry}${empty ? '' : ', '}${source.slice(at)}`
  }
  const start = objectStart ? objectStart.exec(source) : undefined
  if (!start) return undefined
  const at = start.index + start[0].length
  return `${source.slice(0, at)}\n  ${key}: [${entry}],${source.slice(at)}`
}

/** How init writes and tells: a line said, a created file reported, an existing file edited with consent. */
interface Writer {
  say(line?: string): void
  report(file: string, what: ReturnType<typeof create>): void
  edit(
    file: string,
    what: string,
    present: (text: string) => boolean,
    change: (text: string) => string | undefined,
    manual: string,
  ): Promise<void>
}

const CONFIG_OBJECT =
  /(?:export default|module\.exports\s*=|const config(?:\s*:\s*[\w.<>]+)?\s*=)\s*(?:defineConfig\()?\{/

function writer(io: InitIo): Writer {
  const say = (line = ''): void => io.out(`${line}\n`)
  return {
    say,
    report: (file, what) =>
      say(
        `  ${{ created: '+ created', unchanged: '= unchanged', kept: '! kept yours' }[what]} ${file}${what === 'kept' ? ' (it exists and differs: compare it with the starter in the README)' : ''}`,
      ),
    async edit(file, what, present, change, manual) {
      const path = join(io.cwd, file)
      const text = readFileSync(path, 'utf8')
      if (present(text)) return say(`  = ${file} already ${what}`)
      const next = change(text)
      if (next === undefined) return say(`  ! could not find where to add it in ${file}: ${manual}`)
      if (!(await io.confirm(`Add ${what.replace(/^has /, '')} to ${file}?`)))
        return say(`  - skipped ${file}: ${manual}`)
      writeFileSync(path, next)
      say(`  ~ ${file}: added ${what.replace(/^has /, '')}`)
    },
  }
}

/** The test runner's matchers: its setup file added to the config that exists (with consent), or what to add said. */
async function addMatchers(cwd: string, project: Project, w: Writer): Promise<void> {
  if (project.runner?.name === 'vitest') {
    if (project.runner.config) {
      await w.edit(
        project.runner.config,
        'has the trackplan matchers',
        (t) => t.includes('trackplan/testing/vitest'),
        (t) =>
          addToArray(t, 'setupFiles', "'trackplan/testing/vitest'", /test\s*:\s*\{/) ??
          t.replace(
            CONFIG_OBJECT,
            (m) => `${m}\n  test: { setupFiles: ['trackplan/testing/vitest'] },`,
          ),
        "add `setupFiles: ['trackplan/testing/vitest']` under `test`",
      )
    } else {
      w.say("  ! no Vitest config: add `test: { setupFiles: ['trackplan/testing/vitest'] }` to it")
    }
    if (project.typescript)
      w.report(
        `${project.dir}/trackplan-env.d.ts`,
        create(cwd, `${project.dir}/trackplan-env.d.ts`, VITEST_TYPES),
      )
  } else if (project.runner?.name === 'jest') {
    const config = project.runner.config
    if (config === 'package.json') {
      await w.edit(
        'package.json',
        'has the trackplan matchers',
        (t) => t.includes('trackplan/testing/jest'),
        (t) => {
          const pkg = JSON.parse(t) as { jest: { setupFilesAfterEnv?: string[] } }
          pkg.jest.setupFilesAfterEnv = [
            ...(pkg.jest.setupFilesAfterEnv ?? []),
            'trackplan/testing/jest',
          ]
          return JSON.stringify(pkg, null, 2) + '\n'
        },
        'add `"setupFilesAfterEnv": ["trackplan/testing/jest"]` to `jest`',
      )
    } else if (config) {
      await w.edit(
        config,
        'has the trackplan matchers',
        (t) => t.includes('trackplan/testing/jest'),
        (t) => addToArray(t, 'setupFilesAfterEnv', "'trackplan/testing/jest'", CONFIG_OBJECT),
        "add 'trackplan/testing/jest' to `setupFilesAfterEnv`",
      )
    } else {
      w.say("  ! no Jest config: add `setupFilesAfterEnv: ['trackplan/testing/jest']` to it")
    }
  }
}

/** What to do next: the provider's three lines in the app's entry (or Next.js layout), then the commands. */
function nextSteps(
  cwd: string,
  project: Project,
  files: { plan: string; tracker: string; provider?: string },
  say: Writer['say'],
): void {
  const from = (file: string, to: string): string => {
    const path = relative(dirname(file), to).replace(/\.(t|j)sx?$/, '')
    return path.startsWith('.') ? path : `./${path}`
  }
  say('')
  say('Add the provider (three lines):')
  if (project.framework === 'next') {
    const layout =
      first(cwd, [
        'src/app/layout.tsx',
        'app/layout.tsx',
        'src/app/layout.jsx',
        'app/layout.jsx',
      ]) ?? 'app/layout.tsx'
    say(`  // ${layout}`)
    say(`  import { Tracking } from '${from(layout, files.provider!)}'`)
    say('  <body><Tracking>{children}</Tracking></body>')
  } else {
    const entry =
      first(cwd, ['src/main.tsx', 'src/main.jsx', 'src/index.tsx', 'src/index.jsx']) ??
      'src/main.tsx'
    say(`  // ${entry}`)
    say(`  import { TrackingProvider } from 'trackplan'`)
    say(`  import { tracker } from '${from(entry, files.tracker)}'`)
    say('  <TrackingProvider tracker={tracker}><App /></TrackingProvider>')
  }
  say('')
  say('Then:')
  const steps: [string, string][] = [[`npx trackplan check ${files.plan}`, 'lint the plan']]
  if (project.storybook) steps.push(['npm run storybook', 'the Tracking panel beside every story'])
  if (project.runner) steps.push(['npm test', "expect(tracking).toHaveTracked('Viewed Home')"])
  const width = Math.max(...steps.map(([c]) => c.length)) + 3
  for (const [command, why] of steps) say(`  ${command.padEnd(width)}# ${why}`)
}

/**
 * `trackplan init`: a starter plan, a tracker module (and a client provider in Next.js),
 * then, with consent, the Storybook addon and the test matchers in the files that exist.
 * Never replaces a file; a second run changes nothing.
 */
export async function init(io: InitIo): Promise<number> {
  const { cwd } = io
  const project = detect(cwd)
  const ext = project.typescript ? 'ts' : 'js'
  const w = writer(io)
  w.say(
    `trackplan init: ${project.typescript ? 'TypeScript' : 'JavaScript'}, ${{ next: 'Next.js', vite: 'Vite', other: 'React' }[project.framework]}${project.storybook ? ', Storybook' : ''}${project.runner ? `, ${project.runner.name === 'vitest' ? 'Vitest' : 'Jest'}` : ''}`,
  )

  const files: { plan: string; tracker: string; provider?: string } = {
    plan: `${project.dir}/tracking-plan.${ext}`,
    tracker: `${project.dir}/tracker.${ext}`,
  }
  w.report(files.plan, create(cwd, files.plan, PLAN(project.typescript)))
  w.report(files.tracker, create(cwd, files.tracker, TRACKER(development(cwd, project))))
  if (project.framework === 'next') {
    files.provider = `${project.dir}/tracking.${project.typescript ? 'tsx' : 'jsx'}`
    w.report(
      files.provider,
      create(
        cwd,
        files.provider,
        project.typescript
          ? NEXT_PROVIDER()
          : NEXT_PROVIDER()
              .replace("import type { ReactNode } from 'react'\n", '')
              .replace(': { children: ReactNode }', ''),
      ),
    )
  }
  if (project.storybook) {
    await w.edit(
      project.storybook,
      'has the trackplan addon',
      (t) => t.includes('trackplan/storybook'),
      (t) => addToArray(t, 'addons', "'trackplan/storybook'", CONFIG_OBJECT),
      "add 'trackplan/storybook' to `addons`",
    )
  }
  await addMatchers(cwd, project, w)
  nextSteps(cwd, project, files, w.say)
  return 0
}
