import {
  isRefusal,
  propertyValue,
  stringValue,
  unwrap,
  type ArrayNode,
  type Node,
  type NodeOf,
  type ObjectNode,
  type Refusal,
} from './configAst'

type Statement = NodeOf<'Program'>['body'][number]

/** Where names are looked up: the statements of the function returning the config, then the module's. */
type Scopes = readonly (readonly Statement[])[]

/** How far a config may be wrapped (`defineConfig(() => mergeConfig(base, defineConfig({…})))`). */
const MAX_DEPTH = 8

/** A call whose result is its argument: Vite's, Vitest's, Storybook's `defineConfig`, `defineProject`, `defineMain`. */
const IDENTITY_HELPER = /^define[A-Z]\w*$/

/** What a module exports as its config: `export default …` or `module.exports = …`. */
export function exportedConfig(program: NodeOf<'Program'>): Node | Refusal {
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration') return statement.declaration
    if (
      statement.type === 'ExpressionStatement' &&
      statement.expression.type === 'AssignmentExpression' &&
      isModuleExports(statement.expression.left)
    )
      return statement.expression.right
  }
  return { refused: 'it has no `export default` nor `module.exports =`' }
}

const isModuleExports = (node: Node): boolean =>
  node.type === 'MemberExpression' &&
  node.object.type === 'Identifier' &&
  node.object.name === 'module' &&
  node.property.type === 'Identifier' &&
  node.property.name === 'exports'

/** The initial value of a `const`/`let`/`var` named `name` among `statements`. */
function declared(statements: readonly Statement[], name: string): Node | null | undefined {
  for (const statement of statements) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type !== 'VariableDeclaration') continue
    for (const d of declaration.declarations)
      if (d.id.type === 'Identifier' && d.id.name === name) return d.init
  }
  return undefined
}

function lookUp(scopes: Scopes, name: string): Node | undefined {
  for (const statements of scopes) {
    const init = declared(statements, name)
    if (init) return init
  }
  return undefined
}

/** Whether `name` is bound to `nextJest(…)`, `nextJest` coming from `next/jest`: Next.js's `createJestConfig`. */
function isNextJestConfig(program: NodeOf<'Program'>, name: string): boolean {
  const init = declared(program.body, name)
  if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier') return false
  const factory = init.callee.name
  const fromNextJest = (source: string): boolean => /^next\/jest(\.js)?$/.test(source)
  return program.body.some((s) => {
    if (s.type === 'ImportDeclaration')
      return fromNextJest(s.source.value) && s.specifiers.some((i) => i.local.name === factory)
    const required = declared([s], factory)
    return (
      required?.type === 'CallExpression' &&
      required.callee.type === 'Identifier' &&
      required.callee.name === 'require' &&
      required.arguments[0]?.type === 'StringLiteral' &&
      fromNextJest(required.arguments[0].value)
    )
  })
}

/** The `return` statements of a function body, not those of the functions inside it. */
function returnsOf(node: Node, found: NodeOf<'ReturnStatement'>[] = []): typeof found {
  if (node.type === 'ReturnStatement') found.push(node)
  else if (/Function|Class/.test(node.type)) return found
  else
    for (const value of Object.values(node) as unknown[])
      for (const child of Array.isArray(value) ? value : [value])
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string')
          returnsOf(child as Node, found)
  return found
}

/** How to read a config: the module, and which object `mergeConfig` is edited in. */
export interface ConfigReading {
  program: NodeOf<'Program'>
  /** A key that marks `mergeConfig`'s argument to edit (`test`); else its last object. */
  mergeKey?: string
}

/** An object literal (a config), an array literal (a workspace's projects), or why not. */
type Found = ObjectNode | ArrayNode | Refusal

/** The object a function returns: `() => ({…})`, or a body with one `return {…}`. */
function returned(
  fn: NodeOf<'ArrowFunctionExpression' | 'FunctionExpression' | 'FunctionDeclaration'>,
  reading: ConfigReading,
  scopes: Scopes,
  depth: number,
): Found {
  if (fn.body.type !== 'BlockStatement') return configValue(fn.body, reading, scopes, depth + 1)
  const returns = returnsOf(fn.body)
  if (returns.length !== 1 || !returns[0]!.argument)
    return { refused: `its config function returns in ${returns.length} places` }
  return configValue(returns[0]!.argument, reading, [fn.body.body, ...scopes], depth + 1)
}

/** `mergeConfig(a, b, …)`: the last argument that is an object here and has `mergeKey`, else the last object. */
function merged(
  call: NodeOf<'CallExpression'>,
  reading: ConfigReading,
  scopes: Scopes,
  depth: number,
): Found {
  const objects = call.arguments
    .map((a) => configValue(a, reading, scopes, depth + 1))
    .filter((found): found is ObjectNode => !isRefusal(found) && found.type === 'ObjectExpression')
  const key = reading.mergeKey
  const withKey = key ? objects.filter((o) => propertyValue(o, key)) : []
  const chosen = withKey.at(-1) ?? objects.at(-1)
  return chosen ?? { refused: 'none of `mergeConfig`’s arguments is an object written there' }
}

/**
 * The object (or array) literal a config expression stands for, through `satisfies`/`as`,
 * variables, `defineConfig`-like helpers, `mergeConfig`, config functions and Next.js's
 * `createJestConfig`; refused for anything else (a call of an unknown function, an imported
 * value), which init cannot see into.
 */
export function configValue(
  node: Node,
  reading: ConfigReading,
  scopes: Scopes = [reading.program.body],
  depth = 0,
): Found {
  const expression = unwrap(node)
  if (depth > MAX_DEPTH) return { refused: 'its config is wrapped too deep to follow' }
  switch (expression.type) {
    case 'ObjectExpression':
    case 'ArrayExpression':
      return expression
    case 'Identifier': {
      const init = lookUp(scopes, expression.name)
      if (init) return configValue(init, reading, scopes, depth + 1)
      return { refused: `its config \`${expression.name}\` is not written in this file` }
    }
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'FunctionDeclaration':
      return returned(expression, reading, scopes, depth)
    case 'CallExpression': {
      const callee = expression.callee.type === 'Identifier' ? expression.callee.name : '…'
      const [first] = expression.arguments
      if (callee === 'mergeConfig') return merged(expression, reading, scopes, depth)
      if (
        first &&
        expression.arguments.length === 1 &&
        (IDENTITY_HELPER.test(callee) || isNextJestConfig(reading.program, callee))
      )
        return configValue(first, reading, scopes, depth + 1)
      return { refused: `its config is built by \`${callee}()\`, which init cannot see into` }
    }
    default:
      return { refused: `its config is a ${expression.type}, which init cannot see into` }
  }
}

/** The config object `node` stands for (see `configValue`), or why init cannot edit it. */
export function configObject(node: Node, reading: ConfigReading): ObjectNode | Refusal {
  const found = configValue(node, reading)
  if (isRefusal(found) || found.type === 'ObjectExpression') return found
  return { refused: 'its config is a list, not an object' }
}

/**
 * The inline project configs of a projects list (`test.projects`, a workspace file's array).
 * Refused when it names other config files or folders: their tests run with their own config.
 */
export function projectConfigs(
  list: Node,
  reading: ConfigReading,
  name: string,
): ObjectNode[] | Refusal {
  const array = configValue(list, reading)
  if (isRefusal(array)) return array
  if (array.type !== 'ArrayExpression') return { refused: `${name} is not a list written there` }
  const projects: ObjectNode[] = []
  for (const element of array.elements) {
    if (!element || element.type === 'SpreadElement')
      return { refused: `${name} has an entry init cannot read` }
    const path = stringValue(element)
    if (path !== undefined)
      return {
        refused: `${name} names other configs ('${path}'): the setup file goes in each of them`,
      }
    const project = configObject(element, reading)
    if (isRefusal(project)) return { refused: `a project in ${name}: ${project.refused}` }
    projects.push(project)
  }
  return projects
}
