import {
  addToList,
  isRefusal,
  listHas,
  propertyValue,
  type NodeOf,
  type Refusal,
} from './configAst'
import type { Project } from './detectProject'
import { editModule, type ModuleEdit } from './editModule'
import type { SourceEdits } from './SourceEdits'
import {
  configObject,
  exportedConfig,
  projectConfigs,
  type ConfigReading,
} from './findConfigObject'
import { VITEST_TYPES } from './starterFiles'
import { addVitestSetup, addWorkspaceSetup, VITEST_SETUP } from './vitestSetup'
import type { ConfigEdit, Writer } from './Writer'

const STORYBOOK_ADDON = 'trackplan/storybook'
const JEST_SETUP = 'trackplan/testing/jest'

/** An edit of the config object a module exports (read as `configObject` reads it). */
const editExportedConfig =
  (
    mergeKey: string | undefined,
    edit: (
      edits: SourceEdits,
      config: NodeOf<'ObjectExpression'>,
      reading: ConfigReading,
    ) => Refusal | void,
  ): ModuleEdit =>
  (program, edits) => {
    const exported = exportedConfig(program)
    if (isRefusal(exported)) return exported
    const reading = { program, ...(mergeKey ? { mergeKey } : {}) }
    const config = configObject(exported, reading)
    return isRefusal(config) ? config : edit(edits, config, reading)
  }

/** Storybook's main config: the trackplan addon in `addons`. */
export const storybookAddon = (file: string): ConfigEdit => ({
  file,
  what: 'has the trackplan addon',
  apply: (text) =>
    editModule(
      text,
      editExportedConfig(undefined, (edits, config) =>
        listHas(propertyValue(config, 'addons'), `${STORYBOOK_ADDON}/preset`)
          ? undefined
          : addToList(edits, config, 'addons', STORYBOOK_ADDON),
      ),
    ),
  manual: "add 'trackplan/storybook' to `addons`",
})

/** Whether a Vite config that gets a `test` key needs Vitest's types for it (Vite's `defineConfig`). */
const needsVitestTypes = (program: NodeOf<'Program'>, text: string): boolean =>
  program.body.some((s) => s.type === 'ImportDeclaration' && s.source.value === 'vite') &&
  !/(['"])vitest(\/config)?\1/.test(text)

const VITEST_CONFIG_TYPES = '/// <reference types="vitest/config" />'

/** The Vitest setup in a config (decision 0115), with Vitest's types when `test` is new to it. */
const vitestSetup = editExportedConfig('test', (edits, config, reading) => {
  const hadTest = propertyValue(config, 'test') !== undefined
  const refused = addVitestSetup(edits, config, reading)
  if (refused) return refused
  if (!hadTest && needsVitestTypes(reading.program, edits.text))
    edits.insert(0, `${VITEST_CONFIG_TYPES}${edits.newline}`)
})

const vitestEdit = (file: string, workspace: boolean): ConfigEdit => ({
  file,
  what: 'has the trackplan matchers',
  apply: (text) =>
    workspace
      ? editModule(text, (program, edits) => {
          const exported = exportedConfig(program)
          return isRefusal(exported) ? exported : addWorkspaceSetup(edits, exported, { program })
        })
      : editModule(text, vitestSetup),
  manual: workspace
    ? "add 'trackplan/testing/vitest' to `test.setupFiles` of each project"
    : "add `setupFiles: ['trackplan/testing/vitest']` under `test`",
})

/** Jest's setup: in `setupFilesAfterEnv`, of each project when the config has `projects`. */
function addJestSetup(
  edits: SourceEdits,
  config: NodeOf<'ObjectExpression'>,
  reading: ConfigReading,
): Refusal | void {
  const list = propertyValue(config, 'projects')
  if (!list) return addToList(edits, config, 'setupFilesAfterEnv', JEST_SETUP)
  const projects = projectConfigs(list, reading, '`projects`')
  if (isRefusal(projects)) return projects
  for (const project of projects) {
    const refused = addToList(edits, project, 'setupFilesAfterEnv', JEST_SETUP)
    if (refused) return refused
  }
}

/** `package.json`'s `jest` key, edited as JSON in the file's own indentation. */
const jestPackageSetup: ConfigEdit = {
  file: 'package.json',
  what: 'has the trackplan matchers',
  apply: async (text) => {
    const pkg = JSON.parse(text) as { jest: { setupFilesAfterEnv?: unknown } }
    const list = pkg.jest.setupFilesAfterEnv ?? []
    if (!Array.isArray(list))
      return { kind: 'refused', reason: '`setupFilesAfterEnv` is not a list' }
    if (list.includes(JEST_SETUP)) return { kind: 'present' }
    pkg.jest.setupFilesAfterEnv = [...list, JEST_SETUP]
    const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  '
    return { kind: 'changed', text: JSON.stringify(pkg, null, indent) + '\n' }
  },
  manual: 'add `"setupFilesAfterEnv": ["trackplan/testing/jest"]` to `jest`',
}

const jestConfigSetup = (file: string): ConfigEdit => ({
  file,
  what: 'has the trackplan matchers',
  apply: (text) => editModule(text, editExportedConfig(undefined, addJestSetup)),
  manual: "add 'trackplan/testing/jest' to `setupFilesAfterEnv`",
})

/**
 * The test runner's matchers: its setup file added to the config that exists (with consent),
 * or what to add said.
 */
export async function addMatchers(project: Project, writer: Writer): Promise<void> {
  const runner = project.runner
  if (runner?.name === 'vitest') {
    if (runner.workspace) await writer.edit(vitestEdit(runner.workspace, true))
    else if (runner.config) await writer.edit(vitestEdit(runner.config, false))
    else writer.say(`  ! no Vitest config: add \`test: { setupFiles: ['${VITEST_SETUP}'] }\` to it`)
    if (project.typescript) writer.create(`${project.dir}/trackplan-env.d.ts`, VITEST_TYPES)
  } else if (runner?.name === 'jest') {
    if (runner.config === 'package.json') await writer.edit(jestPackageSetup)
    else if (runner.config) await writer.edit(jestConfigSetup(runner.config))
    else writer.say(`  ! no Jest config: add \`setupFilesAfterEnv: ['${JEST_SETUP}']\` to it`)
  }
}
