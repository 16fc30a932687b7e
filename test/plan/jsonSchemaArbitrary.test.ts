// @vitest-environment node
// The import differential's generator makes meaningful schemas only: a definition that refers
// to itself where it checks the same instance (`label: { allOf: [{ $ref: label }] }`) never
// ends, and ajv, the reference, overflows its stack on it. Found by importDifferential at seed
// -1708052004 (numRuns raised 15×): RangeError in ajv, not a disagreement of the import's.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventSchemaArbitrary } from './jsonSchemaArbitrary'

const SAME_INSTANCE = ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']
const refers = (schema: unknown, ref: string): boolean => {
  if (!schema || typeof schema !== 'object') return false
  const s = schema as Record<string, unknown>
  return (
    s.$ref === ref ||
    SAME_INSTANCE.some((key) =>
      Array.isArray(s[key])
        ? (s[key] as unknown[]).some((b) => refers(b, ref))
        : refers(s[key], ref),
    )
  )
}

describe('eventSchemaArbitrary', () => {
  it('gives no definition that refers to itself where it checks the same instance (2,000 samples, seed 1)', () => {
    const endless = fc
      .sample(eventSchemaArbitrary, { seed: 1, numRuns: 2000 })
      .filter(({ draft, schema }) => {
        const key = draft === '2020-12' ? '$defs' : 'definitions'
        const defs = schema[key] as Record<string, unknown>
        return Object.keys(defs).some((name) => refers(defs[name], `#/${key}/${name}`))
      })
    expect(endless.map(({ schema }) => JSON.stringify(schema))).toEqual([])
  })
})
