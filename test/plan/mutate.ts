// Invalid instances from valid ones, for the plan oracles: one change somewhere in the value
// (a value replaced, a key removed or added), so that most of the value still passes and the
// change is what is judged.
import fc from 'fast-check'
import type { JsonValue } from '../../src/core/event'

type Path = (string | number)[]

/** Every place in a value: the root, each key of an object, each item of an array. */
function places(value: JsonValue, path: Path = []): Path[] {
  const out: Path[] = [path]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...places(v, [...path, i])))
  else if (value !== null && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) out.push(...places(v, [...path, key]))
  return out
}

/** Values that break the usual checks: other types, bounds, enums, lengths, formats. */
export const strangeValue: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>(
    null,
    0,
    -1,
    1.5,
    1e21,
    '',
    'x',
    'web',
    '😀😀',
    'Alice',
    true,
    false,
    [],
    {},
    [1, 'a'],
    { a: 1 },
  ),
  fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>,
)

/** A copy of `value` with the node at `path` changed by `change` (`undefined`: removed). */
function changeAt(
  value: JsonValue,
  path: Path,
  change: (node: JsonValue) => JsonValue | undefined,
): JsonValue | undefined {
  if (path.length === 0) return change(value)
  const [step, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    const next = changeAt(copy[step as number]!, rest, change)
    if (next === undefined) copy.splice(step as number, 1)
    else copy[step as number] = next
    return copy
  }
  const copy: { [key: string]: JsonValue } = {}
  for (const [key, v] of Object.entries(value as { [key: string]: JsonValue })) {
    const next = key === step ? changeAt(v, rest, change) : v
    if (next !== undefined)
      Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true })
  }
  return copy
}

/** One change to a value: a node replaced, removed (not the root), or a key or item added to it. */
export function mutated(value: JsonValue, keys: fc.Arbitrary<string>): fc.Arbitrary<JsonValue> {
  const all = places(value)
  return fc
    .record({
      at: fc.constantFrom(...all),
      kind: fc.constantFrom('replace', 'remove', 'add'),
      replacement: strangeValue,
      key: keys,
    })
    .map(({ at, kind, replacement, key }) => {
      const changed = changeAt(value, at, (node) => {
        if (kind === 'replace' || (kind === 'remove' && at.length === 0)) return replacement
        if (kind === 'remove') return undefined
        if (Array.isArray(node)) return [...node, replacement]
        if (node !== null && typeof node === 'object') {
          const copy = { ...node }
          Object.defineProperty(copy, key, { value: replacement, enumerable: true, writable: true })
          return copy
        }
        return replacement
      })
      return changed === undefined ? replacement : changed
    })
}
