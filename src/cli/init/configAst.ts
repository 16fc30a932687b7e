import type { ASTNode } from 'magicast'
import type { SourceEdits } from './SourceEdits'

// The few syntax-tree shapes init reads in config files (Babel's, as magicast parses them), and
// the edits it makes there. Only types come from magicast here: init alone loads the module.

export type Node = ASTNode
export type NodeOf<T extends Node['type']> = Extract<Node, { type: T }>
export type ObjectNode = NodeOf<'ObjectExpression'>
export type ArrayNode = NodeOf<'ArrayExpression'>
type Property = NodeOf<'ObjectProperty'>

/** Why a config cannot be edited safely, said so that it completes "left … as it is (…)". */
export interface Refusal {
  refused: string
}

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'refused' in value

/** The expression under TypeScript's `as`, `satisfies`, `!` and `<T>` wrappers and parentheses. */
export function unwrap(node: Node): Node {
  let inner = node
  while (
    inner.type === 'TSAsExpression' ||
    inner.type === 'TSSatisfiesExpression' ||
    inner.type === 'TSNonNullExpression' ||
    inner.type === 'TSTypeAssertion' ||
    inner.type === 'ParenthesizedExpression'
  )
    inner = inner.expression
  return inner
}

/** A property key's name: `test`, `'test'`, not a computed `[key]`. */
function keyName(property: Property): string | undefined {
  if (property.computed) return undefined
  if (property.key.type === 'Identifier') return property.key.name
  if (property.key.type === 'StringLiteral') return property.key.value
  return undefined
}

/** The value of `key` in an object literal (the last one, as JavaScript reads it). */
export function propertyValue(object: ObjectNode, key: string): Node | undefined {
  const found = object.properties.filter(
    (p): p is Property => p.type === 'ObjectProperty' && keyName(p) === key,
  )
  return found.at(-1)?.value
}

/** A string literal's text (a template without `${}` too), or undefined for anything else. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined
  const inner = unwrap(node)
  if (inner.type === 'StringLiteral') return inner.value
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0)
    return inner.quasis[0]?.value.cooked ?? undefined
  return undefined
}

/** Whether a list entry names `entry`: `'x'`, `{ name: 'x' }`, or a call of it (`getAbsolutePath('x')`). */
function namesEntry(node: Node | null, entry: string): boolean {
  if (!node) return false
  const inner = unwrap(node)
  if (stringValue(inner) === entry) return true
  if (inner.type === 'ObjectExpression') return stringValue(propertyValue(inner, 'name')) === entry
  if (inner.type === 'CallExpression')
    return inner.arguments.some((a) => a.type !== 'ArgumentPlaceholder' && namesEntry(a, entry))
  return false
}

/** Whether `list` (a string or an array literal of entries) names `entry`. */
export function listHas(list: Node | undefined, entry: string): boolean {
  if (!list) return false
  const inner = unwrap(list)
  if (inner.type === 'ArrayExpression') return inner.elements.some((e) => namesEntry(e, entry))
  return namesEntry(inner, entry)
}

/**
 * Adds `key: code` to an object literal. Refused when the object spreads another one: the key
 * may come from there, and a new one would replace it whole.
 */
export function addProperty(
  edits: SourceEdits,
  object: ObjectNode,
  key: string,
  code: string,
): Refusal | void {
  if (object.properties.some((p) => p.type === 'SpreadElement'))
    return { refused: `\`${key}\` may come from the object it spreads (\`...\`)` }
  edits.append(object, object.properties, `${key}: ${code}`)
}

/**
 * Registers `entry` in the list under `key` (a setup-files or addons list): appended to an
 * array literal, a single string made an array `['yours', entry]`, the key added when missing.
 * Anything else (a variable, a call) is not a list init can read: refused.
 */
export function addToList(
  edits: SourceEdits,
  object: ObjectNode,
  key: string,
  entry: string,
): Refusal | void {
  const list = propertyValue(object, key)
  if (!list) return addProperty(edits, object, key, `[${edits.quote(entry)}]`)
  if (listHas(list, entry)) return
  const inner = unwrap(list)
  if (inner.type === 'ArrayExpression')
    return edits.append(
      inner,
      inner.elements.filter((e) => e !== null),
      edits.quote(entry),
    )
  if (stringValue(inner) === undefined) return { refused: `\`${key}\` is not a list init can read` }
  edits.replace(inner, `[${edits.source(inner)}, ${edits.quote(entry)}]`)
}
