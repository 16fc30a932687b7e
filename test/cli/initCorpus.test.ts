// @vitest-environment node
// The oracle for `init`'s config edits: real-world config shapes (fixtures/init-configs, each
// modelled on a template or a documented set-up), edited by `init --yes` as a user runs it, then
// (a) loaded as the tool loads them: the entry is where the tests (or stories) run, exactly once,
//     and every entry of the user's is still there, in order;
// (b) type-checked by TypeScript's compiler, as written and as edited: no error;
// (c) edited again: nothing changes.
// Shapes init cannot edit safely must be left byte for byte, with the step to take by hand.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createJiti } from 'jiti'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './runCli'

type Tool = 'vitest' | 'vitest-workspace' | 'jest' | 'storybook'

interface CorpusCase {
  /** Its folder in fixtures/init-configs. */
  name: string
  tool: Tool
  /** The config init edits. */
  file: string
  /** Where the entry must be, once each: `root`, or the projects' names. */
  places?: string[]
  /** For a shape init must not edit: the reason it gives. */
  refused?: string
}

const CORPUS: CorpusCase[] = [
  { name: 'vite-react-ts', tool: 'vitest', file: 'vite.config.ts', places: ['root'] },
  { name: 'vitest-string-setup', tool: 'vitest', file: 'vitest.config.ts', places: ['root'] },
  { name: 'vitest-array-setup', tool: 'vitest', file: 'vite.config.mts', places: ['root'] },
  { name: 'merge-config', tool: 'vitest', file: 'vitest.config.ts', places: ['root'] },
  { name: 'define-project', tool: 'vitest', file: 'vitest.config.ts', places: ['root'] },
  { name: 'projects-extends', tool: 'vitest', file: 'vitest.config.ts', places: ['unit', 'dom'] },
  {
    name: 'projects-own',
    tool: 'vitest',
    file: 'vitest.config.ts',
    places: ['node', 'browser-like'],
  },
  { name: 'function-arrow', tool: 'vitest', file: 'vite.config.ts', places: ['root'] },
  { name: 'function-block', tool: 'vitest', file: 'vite.config.ts', places: ['root'] },
  { name: 'next-vitest', tool: 'vitest', file: 'vitest.config.mts', places: ['root'] },
  { name: 'vite-cjs', tool: 'vitest', file: 'vite.config.cjs', places: ['root'] },
  { name: 'satisfies-config', tool: 'vitest', file: 'vitest.config.ts', places: ['root'] },
  {
    name: 'vitest3-workspace',
    tool: 'vitest-workspace',
    file: 'vitest.workspace.ts',
    places: ['unit', 'components'],
  },
  { name: 'jest-cra', tool: 'jest', file: 'jest.config.js', places: ['root'] },
  { name: 'jest-next', tool: 'jest', file: 'jest.config.ts', places: ['root'] },
  { name: 'jest-ts-init', tool: 'jest', file: 'jest.config.ts', places: ['root'] },
  { name: 'storybook-react-vite', tool: 'storybook', file: '.storybook/main.ts', places: ['root'] },
  { name: 'storybook-objects', tool: 'storybook', file: '.storybook/main.ts', places: ['root'] },
  {
    name: 'storybook-define-main',
    tool: 'storybook',
    file: '.storybook/main.ts',
    places: ['root'],
  },
  {
    name: 'storybook-absolute-path',
    tool: 'storybook',
    file: '.storybook/main.ts',
    places: ['root'],
  },
  { name: 'storybook-cjs', tool: 'storybook', file: '.storybook/main.js', places: ['root'] },
  {
    name: 'refused-spread',
    tool: 'vitest',
    file: 'vitest.config.ts',
    refused: '`test` may come from the object it spreads (`...`)',
  },
  {
    name: 'refused-builder',
    tool: 'vitest',
    file: 'vitest.config.ts',
    refused: 'its config is built by `createVitestConfig()`, which init cannot see into',
  },
  {
    name: 'refused-globs',
    tool: 'vitest',
    file: 'vitest.config.ts',
    refused:
      "`test.projects` names other configs ('packages/*'): the setup file goes in each of them",
  },
]

const ENTRY: Record<Tool, string> = {
  vitest: 'trackplan/testing/vitest',
  'vitest-workspace': 'trackplan/testing/vitest',
  jest: 'trackplan/testing/jest',
  storybook: 'trackplan/storybook',
}

const DEPENDENCIES: Record<Tool, Record<string, string>> = {
  vitest: { vite: '8.3.8', vitest: '4.1.12' },
  'vitest-workspace': { vite: '8.3.8', vitest: '3.2.4' },
  jest: { jest: '30.5.2' },
  storybook: { storybook: '10.6.7' },
}

const FIXTURES = fileURLToPath(new URL('./fixtures/init-configs/', import.meta.url))
const REPO_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url))

/** Packages the fixtures import that this repository does not install: small stand-ins. */
const STAND_INS: Record<string, Record<string, string>> = {
  '@vitejs/plugin-react': {
    'index.js': "export default () => [{ name: 'vite:react-babel' }]\n",
    'index.d.ts':
      "import type { PluginOption } from 'vite'\nexport default function react(): PluginOption[]\n",
  },
  'vite-tsconfig-paths': {
    'index.js': "export default () => ({ name: 'vite-tsconfig-paths' })\n",
    'index.d.ts':
      "import type { Plugin } from 'vite'\nexport default function tsconfigPaths(): Plugin\n",
  },
  next: {
    'jest.js': 'export default () => (config) => async () => ({ ...config })\n',
    'jest.d.ts':
      "import type { Config } from 'jest'\nexport default function nextJest(options?: { dir?: string }): (config?: Config) => () => Promise<Config>\n",
  },
  '@chromatic-com/storybook': {},
  '@storybook/addon-docs': {},
}

/** A node_modules of links to this repository's packages, with the stand-ins beside them. */
function nodeModules(root: string): void {
  const target = join(root, 'node_modules')
  for (const name of readdirSync(REPO_MODULES)) {
    if (name.startsWith('.')) continue
    if (!name.startsWith('@')) symlinkSync(join(REPO_MODULES, name), join(target, name))
    else
      for (const scoped of readdirSync(join(REPO_MODULES, name))) {
        mkdirSync(join(target, name), { recursive: true })
        symlinkSync(join(REPO_MODULES, name, scoped), join(target, name, scoped))
      }
  }
  for (const [name, files] of Object.entries(STAND_INS)) {
    const dir = join(target, name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name, type: 'module', main: 'index.js' }),
    )
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
  }
}

const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

interface Loaded {
  addons?: unknown
  setupFilesAfterEnv?: unknown
  test?: { setupFiles?: unknown; projects?: Project[] }
}
interface Project {
  extends?: unknown
  test?: { name?: string; setupFiles?: unknown }
}

/** Each place the tool runs tests (or stories) in, with its list as the tool sees it. */
function places(tool: Tool, config: Loaded): Record<string, unknown[]> {
  if (tool === 'storybook')
    return {
      root: list(config.addons).map((a) =>
        typeof a === 'object' ? (a as { name: string }).name : a,
      ),
    }
  if (tool === 'jest') return { root: list(config.setupFilesAfterEnv) }
  const projects = tool === 'vitest-workspace' ? (config as Project[]) : config.test?.projects
  if (!projects) return { root: list(config.test?.setupFiles) }
  return Object.fromEntries(
    projects.map((project, index) => [
      project.test?.name ?? String(index),
      // `extends: true` merges the root config in: its arrays come first
      [
        ...(project.extends === true ? list(config.test?.setupFiles) : []),
        ...list(project.test?.setupFiles),
      ],
    ]),
  )
}

let root: string
const runs = new Map<string, { first: string; second: string; edited: string }>()
const jiti = createJiti(import.meta.url, { moduleCache: false })

/** A config as its tool loads it: the default export, called when it is a function. */
async function load(file: string): Promise<Loaded> {
  const exported = await jiti.import<unknown>(pathToFileURL(file).href, { default: true })
  return (
    typeof exported === 'function' ? await exported({ mode: 'test', command: 'serve' }) : exported
  ) as Loaded
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'trackplan-init-corpus-'))
  nodeModules(root)
  for (const c of CORPUS) {
    for (const copy of ['before', 'cases']) {
      const dir = join(root, copy, c.name)
      cpSync(join(FIXTURES, c.name), dir, { recursive: true })
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: c.name, private: true, devDependencies: DEPENDENCIES[c.tool] }),
      )
    }
    const dir = join(root, 'cases', c.name)
    const first = (await runCli(dir, ['init', '--yes'])).out
    const edited = readFileSync(join(dir, c.file), 'utf8')
    const second = (await runCli(dir, ['init', '--yes'])).out
    runs.set(c.name, { first, second, edited })
  }
}, 60_000)

// KEEP_CORPUS=1 keeps the edited corpus to read (its folder is printed)
afterAll(() => {
  if (process.env.KEEP_CORPUS) console.log(`the corpus: ${root}`)
  else rmSync(root, { recursive: true, force: true })
})

describe.each(CORPUS.filter((c) => c.places))('init on $name ($file)', (c) => {
  it('(a) registers the entry once where the tests run, keeping every entry of the user’s', async () => {
    const { first } = runs.get(c.name)!
    expect(first).toContain(`  ~ ${c.file}: added the trackplan`)
    const before = places(c.tool, await load(join(root, 'before', c.name, c.file)))
    const after = places(c.tool, await load(join(root, 'cases', c.name, c.file)))
    expect(Object.keys(after).sort()).toEqual([...c.places!].sort())
    for (const place of c.places!) {
      expect(
        after[place]!.filter((e) => e === ENTRY[c.tool]),
        place,
      ).toHaveLength(1)
      expect(
        after[place]!.filter((e) => e !== ENTRY[c.tool]),
        place,
      ).toEqual(before[place])
    }
  })

  it('(c) a second run changes nothing', () => {
    const { second, edited } = runs.get(c.name)!
    expect(second).toContain(`  = ${c.file} already has the trackplan`)
    expect(readFileSync(join(root, 'cases', c.name, c.file), 'utf8')).toBe(edited)
  })
})

describe.each(CORPUS.filter((c) => c.refused))('init on $name ($file)', (c) => {
  it('leaves the file as it is and says why, and what to do by hand', () => {
    const { first, edited } = runs.get(c.name)!
    expect(first).toContain(`  ! left ${c.file} as it is (${c.refused}): add`)
    expect(first).not.toContain('added the trackplan')
    expect(edited).toBe(readFileSync(join(FIXTURES, c.name, c.file), 'utf8'))
  })
})

/**
 * Type errors of each case's configs, as written and as edited, compiled by TypeScript's own
 * compiler: one program per case, so that a case sees only the types its files import (in one
 * program, any file importing `vitest/config` would give every Vite config its `test` key), and
 * one host, so that the declaration files of vite, vitest, jest and storybook are parsed once.
 */
function typeErrors(cases: string[][]): string {
  const { options } = ts.convertCompilerOptionsFromJson(
    {
      strict: true,
      target: 'es2022',
      lib: ['es2023', 'dom'],
      module: 'preserve',
      moduleResolution: 'bundler',
      allowJs: true,
      checkJs: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
    root,
  )
  const host = ts.createCompilerHost(options)
  const parsed = new Map<string, ts.SourceFile | undefined>()
  const parse = host.getSourceFile.bind(host)
  host.getSourceFile = (file, ...rest) => {
    if (!parsed.has(file)) parsed.set(file, parse(file, ...rest))
    return parsed.get(file)
  }
  const diagnostics = cases.flatMap((files) =>
    ts.getPreEmitDiagnostics(ts.createProgram(files, options, host)),
  )
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  })
}

it('(b) every config, as written and as edited, compiles with TypeScript', () => {
  // a case's pristine config beside its edited one: it imports nothing the edited one does not
  const cases = CORPUS.map((c) =>
    ['before', 'cases'].map((copy) => join(root, copy, c.name, c.file)),
  )
  expect(typeErrors(cases)).toBe('')
}, 120_000)
