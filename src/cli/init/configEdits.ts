import type { Project } from './detectProject'
import { VITEST_TYPES } from './starterFiles'
import type { ConfigEdit, Writer } from './Writer'

/** Where a config file's object starts: `export default {`, `module.exports = {`, … */
const CONFIG_OBJECT =
  /(?:export default|module\.exports\s*=|const config(?:\s*:\s*[\w.<>]+)?\s*=)\s*(?:defineConfig\()?\{/

/**
 * Inserts `entry` into the array after `key:` in a config file, or adds the key to the
 * config object.
 */
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

/** Storybook's main config: the trackplan addon in `addons`. */
export const storybookAddon = (file: string): ConfigEdit => ({
  file,
  what: 'has the trackplan addon',
  present: (t) => t.includes('trackplan/storybook'),
  change: (t) => addToArray(t, 'addons', "'trackplan/storybook'", CONFIG_OBJECT),
  manual: "add 'trackplan/storybook' to `addons`",
})

const vitestSetup = (file: string): ConfigEdit => ({
  file,
  what: 'has the trackplan matchers',
  present: (t) => t.includes('trackplan/testing/vitest'),
  change: (t) =>
    addToArray(t, 'setupFiles', "'trackplan/testing/vitest'", /test\s*:\s*\{/) ??
    t.replace(CONFIG_OBJECT, (m) => `${m}\n  test: { setupFiles: ['trackplan/testing/vitest'] },`),
  manual: "add `setupFiles: ['trackplan/testing/vitest']` under `test`",
})

const jestPackageSetup: ConfigEdit = {
  file: 'package.json',
  what: 'has the trackplan matchers',
  present: (t) => t.includes('trackplan/testing/jest'),
  change: (t) => {
    const pkg = JSON.parse(t) as { jest: { setupFilesAfterEnv?: string[] } }
    pkg.jest.setupFilesAfterEnv = [...(pkg.jest.setupFilesAfterEnv ?? []), 'trackplan/testing/jest']
    return JSON.stringify(pkg, null, 2) + '\n'
  },
  manual: 'add `"setupFilesAfterEnv": ["trackplan/testing/jest"]` to `jest`',
}

const jestConfigSetup = (file: string): ConfigEdit => ({
  file,
  what: 'has the trackplan matchers',
  present: (t) => t.includes('trackplan/testing/jest'),
  change: (t) => addToArray(t, 'setupFilesAfterEnv', "'trackplan/testing/jest'", CONFIG_OBJECT),
  manual: "add 'trackplan/testing/jest' to `setupFilesAfterEnv`",
})

/**
 * The test runner's matchers: its setup file added to the config that exists (with consent),
 * or what to add said.
 */
export async function addMatchers(project: Project, writer: Writer): Promise<void> {
  const runner = project.runner
  if (runner?.name === 'vitest') {
    if (runner.config) await writer.edit(vitestSetup(runner.config))
    else
      writer.say(
        "  ! no Vitest config: add `test: { setupFiles: ['trackplan/testing/vitest'] }` to it",
      )
    if (project.typescript) writer.create(`${project.dir}/trackplan-env.d.ts`, VITEST_TYPES)
  } else if (runner?.name === 'jest') {
    if (runner.config === 'package.json') await writer.edit(jestPackageSetup)
    else if (runner.config) await writer.edit(jestConfigSetup(runner.config))
    else
      writer.say("  ! no Jest config: add `setupFilesAfterEnv: ['trackplan/testing/jest']` to it")
  }
}
