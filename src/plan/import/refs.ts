import { isObject, type Schema } from './schema'

/** Keywords whose value is a schema, a list of schemas, or a map of names to schemas. */
const ONE_SCHEMA = [
  'additionalProperties',
  'additionalItems',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
]
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']

/** The schema a local `$ref` (`#/$defs/cart`, `#/definitions/a~1b`) points to, if there is one. */
function resolvePointer(root: Schema, ref: string): unknown {
  if (ref === '#') return root
  if (!ref.startsWith('#/')) return undefined
  let target: unknown = root
  for (const raw of ref.slice(2).split('/')) {
    let step: string
    try {
      step = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    } catch {
      return undefined
    }
    if (!isObject(target) && !Array.isArray(target)) return undefined
    if (!Object.hasOwn(target, step)) return undefined
    target = (target as Schema)[step]
  }
  return target
}

/**
 * The schema with every local `$ref` replaced by what it points to (a `$ref` beside other
 * keywords becomes an `allOf` of both, as ajv reads it in every draft). A `$ref` that points
 * outside the document, nowhere, or back into itself (a recursive schema) is left in place,
 * for the import to report.
 */
export function inlineRefs(root: Schema): Schema {
  const walk = (node: unknown, resolving: readonly string[]): unknown => {
    if (!isObject(node)) return node
    const out: Schema = { ...node }
    for (const key of ONE_SCHEMA)
      if (isObject(out[key]) || typeof out[key] === 'boolean') out[key] = walk(out[key], resolving)
    for (const key of SCHEMA_LISTS)
      if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((s) => walk(s, resolving))
    for (const key of SCHEMA_MAPS)
      if (isObject(out[key]))
        out[key] = Object.fromEntries(
          Object.entries(out[key]).map(([name, s]) => [name, walk(s, resolving)]),
        )
    const ref = out.$ref
    if (typeof ref !== 'string' || resolving.includes(ref)) return out
    const target = resolvePointer(root, ref)
    if (!isObject(target) && typeof target !== 'boolean') return out
    const resolved = walk(target, [...resolving, ref])
    const { $ref: _ref, ...beside } = out
    if (Object.keys(beside).some((k) => !DESCRIBING.has(k))) return { allOf: [resolved, beside] }
    return isObject(resolved) && typeof beside.description === 'string'
      ? { ...resolved, description: beside.description }
      : resolved
  }
  const inlined = walk(root, [])
  // a document that is only a `$ref` to `true` or `false` keeps its `$ref`, reported
  return isObject(inlined) ? inlined : root
}

/** Keywords beside a `$ref` that change nothing about what it accepts. */
const DESCRIBING = new Set(['description', 'title', '$comment', 'examples', 'default'])
