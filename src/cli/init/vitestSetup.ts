import {
  addProperty,
  addToList,
  isRefusal,
  listHas,
  propertyValue,
  unwrap,
  type Node,
  type ObjectNode,
  type Refusal,
} from './configAst'
import { projectConfigs, type ConfigReading } from './findConfigObject'
import type { SourceEdits } from './SourceEdits'

/** The module that registers trackplan's matchers in Vitest. */
export const VITEST_SETUP = 'trackplan/testing/vitest'

/** A config's `test` object, or undefined when it has none; refused when it is not a literal. */
function testOf(config: ObjectNode): ObjectNode | undefined | Refusal {
  const test = propertyValue(config, 'test')
  if (!test) return undefined
  const inner = unwrap(test)
  return inner.type === 'ObjectExpression'
    ? inner
    : { refused: '`test` is not an object written there' }
}

const hasSetup = (config: ObjectNode): boolean => {
  const test = testOf(config)
  return !!test && !isRefusal(test) && listHas(propertyValue(test, 'setupFiles'), VITEST_SETUP)
}

/** Adds the setup file to a config's `test.setupFiles`, adding `test` when there is none. */
function addToTest(edits: SourceEdits, config: ObjectNode): Refusal | void {
  const test = testOf(config)
  if (isRefusal(test)) return test
  if (test) return addToList(edits, test, 'setupFiles', VITEST_SETUP)
  return addProperty(edits, config, 'test', `{ setupFiles: [${edits.quote(VITEST_SETUP)}] }`)
}

/** `extends: true`: the project is the root config merged with its own (a path is another file). */
const extendsRoot = (project: ObjectNode): boolean => {
  const value = propertyValue(project, 'extends')
  const inner = value && unwrap(value)
  return inner?.type === 'BooleanLiteral' && inner.value
}

/**
 * Registers the setup file where the tests run (decision 0115): in `test.setupFiles` of the
 * config, or, when it has `test.projects`, once for each project — in the root's `test` for the
 * projects that extend it (`extends: true` inherits it), in their own `test` for the others.
 */
export function addVitestSetup(
  edits: SourceEdits,
  config: ObjectNode,
  reading: ConfigReading,
): Refusal | void {
  const test = testOf(config)
  if (isRefusal(test)) return test
  // `workspace`: Vitest 3's name for `projects`
  const key = test && (propertyValue(test, 'projects') ? 'projects' : 'workspace')
  const list = test && key && propertyValue(test, key)
  if (!test || !list) return addToTest(edits, config)
  const projects = projectConfigs(list, reading, `\`test.${key}\``)
  if (isRefusal(projects)) return projects
  const extending = projects.filter(extendsRoot)
  // a project extending the root that registers it itself would get it twice from the root
  const rootCarries = extending.length > 0 && !extending.some(hasSetup)
  for (const project of projects) {
    if (hasSetup(project) || (rootCarries && extendsRoot(project))) continue
    const refused = addToTest(edits, project)
    if (refused) return refused
  }
  if (rootCarries) return addToList(edits, test, 'setupFiles', VITEST_SETUP)
}

/** A Vitest workspace file (Vitest 3): each inline project gets the setup file in its own `test`. */
export function addWorkspaceSetup(
  edits: SourceEdits,
  workspace: Node,
  reading: ConfigReading,
): Refusal | void {
  const projects = projectConfigs(workspace, reading, 'the workspace')
  if (isRefusal(projects)) return projects
  for (const project of projects) {
    const refused = hasSetup(project) ? undefined : addToTest(edits, project)
    if (refused) return refused
  }
}
