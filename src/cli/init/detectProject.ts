import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../UsageError'

/** What `init` found in the project. */
export interface Project {
  typescript: boolean
  framework: 'next' | 'vite' | 'other'
  storybook?: string
  runner?: {
    name: 'vitest' | 'jest'
    config?: string
    /** Vitest 3's workspace file, where its projects are (Vitest 4 reads `test.projects` only). */
    workspace?: string
  }
  /** Where the new modules go: `src`, else `lib` in a Next.js app without `src`. */
  dir: string
  /** The `package.json` scripts that do something (not `npm init`'s failing `test`). */
  scripts: string[]
}

/** The first of `names` that exists in `cwd`. */
export const firstExisting = (cwd: string, names: string[]): string | undefined =>
  names.find((n) => existsSync(join(cwd, n)))
const configNames = (base: string): string[] =>
  ['ts', 'mts', 'js', 'mjs', 'cjs'].map((e) => `${base}.${e}`)

interface PackageJson {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  scripts?: Record<string, string>
  jest?: unknown
}

/** npm init's `test` script, which only fails. */
const PLACEHOLDER_TEST = 'echo "Error: no test specified" && exit 1'

/** Whether the declared Vitest is older than 4, which still reads `vitest.workspace.*` files. */
const readsWorkspaceFile = (range: string | undefined): boolean =>
  Number(/\d+/.exec(range ?? '')?.[0] ?? 4) < 4

/** Vitest (with its config, or Vite's), else Jest (its config, or the `jest` key), else none. */
function testRunner(
  cwd: string,
  pkg: PackageJson,
  deps: Record<string, string>,
): Project['runner'] {
  const vitestConfig = firstExisting(cwd, [
    ...configNames('vitest.config'),
    ...configNames('vite.config'),
  ])
  const workspace = readsWorkspaceFile(deps.vitest)
    ? firstExisting(cwd, [...configNames('vitest.workspace'), 'vitest.workspace.json'])
    : undefined
  const jestConfig = firstExisting(cwd, configNames('jest.config'))
  const has = (name: string): boolean => Object.hasOwn(deps, name)
  if (has('vitest'))
    return {
      name: 'vitest',
      ...(vitestConfig ? { config: vitestConfig } : {}),
      ...(workspace ? { workspace } : {}),
    }
  if (has('jest') || jestConfig || pkg.jest)
    return {
      name: 'jest',
      ...(jestConfig ? { config: jestConfig } : pkg.jest ? { config: 'package.json' } : {}),
    }
  return undefined
}

export function detectProject(cwd: string): Project {
  const pkgPath = join(cwd, 'package.json')
  if (!existsSync(pkgPath))
    throw new UsageError(
      "no package.json here: run `trackplan init` in your React project's folder",
    )
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as PackageJson
  const deps = { ...pkg.dependencies, ...pkg.devDependencies }
  const has = (name: string): boolean => Object.hasOwn(deps, name)
  const framework = has('next')
    ? 'next'
    : has('vite') || firstExisting(cwd, configNames('vite.config'))
      ? 'vite'
      : 'other'
  const storybook = existsSync(join(cwd, '.storybook'))
    ? firstExisting(cwd, configNames('.storybook/main'))
    : undefined
  const runner = testRunner(cwd, pkg, deps)
  const dir = existsSync(join(cwd, 'src')) || framework !== 'next' ? 'src' : 'lib'
  return {
    typescript: existsSync(join(cwd, 'tsconfig.json')) || has('typescript'),
    framework,
    ...(storybook ? { storybook } : {}),
    ...(runner ? { runner } : {}),
    dir,
    scripts: Object.entries(pkg.scripts ?? {})
      .filter(([name, command]) => !(name === 'test' && command === PLACEHOLDER_TEST))
      .map(([name]) => name),
  }
}
