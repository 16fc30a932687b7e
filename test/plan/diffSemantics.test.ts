import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { diffPlans, type TrackingPlan } from '../../src/tools'
import type { PropertySpec } from '../../src/plan/types'

const plan = (spec: PropertySpec): TrackingPlan => ({
  events: { 'Viewed Page': { properties: { value: spec } } },
})
const changesOf = (before: PropertySpec, after: PropertySpec) =>
  diffPlans(plan(before), plan(after)).map((c) => ({
    kind: c.kind,
    severity: c.severity,
    property: c.property,
    witness: c.witness?.properties.value,
  }))

// the bug hunt's cases: each a change the old diff got wrong
describe('diff: records and tuples are compared inside (a breaking change passed CI)', () => {
  it("a record's value type", () => {
    expect(changesOf(z.record(z.string(), z.number()), z.record(z.string(), z.string()))).toEqual([
      { kind: 'type-changed', severity: 'breaking', property: 'value.*', witness: { key: 0 } },
    ])
  })

  it("a record's keys narrowed to an enum", () => {
    const before = z.record(z.string(), z.number())
    const after = z.partialRecord(z.enum(['a', 'b']), z.number())
    expect(changesOf(before, after)).toEqual([
      expect.objectContaining({
        kind: 'enum-added',
        severity: 'breaking',
        property: 'value (keys)',
      }),
    ])
  })

  it("a record's key enum narrowed", () => {
    const before = z.partialRecord(z.enum(['a', 'b']), z.number())
    const after = z.partialRecord(z.enum(['a']), z.number())
    expect(changesOf(before, after)).toEqual([
      {
        kind: 'enum-values-removed',
        severity: 'breaking',
        property: 'value (keys)',
        witness: { b: 0 },
      },
    ])
  })

  it("a tuple's item type", () => {
    expect(changesOf(z.tuple([z.string(), z.number()]), z.tuple([z.string(), z.string()]))).toEqual(
      [{ kind: 'type-changed', severity: 'breaking', property: 'value[1]', witness: ['', 0] }],
    )
  })
})

describe('diff: a loosened bound is safe (it read as breaking)', () => {
  it.each([
    ['positive → nonnegative', z.number().positive(), z.number().nonnegative()],
    ['gt → gte', z.number().gt(5), z.number().gte(5)],
    ['lt → lte', z.number().lt(10), z.number().lte(10)],
    ['gte(5) → gt(4)', z.int().gte(5), z.int().gt(4)],
  ])('%s', (_, before, after) => {
    const changes = changesOf(before, after)
    expect(changes.length).toBeGreaterThan(0)
    for (const change of changes) expect(change.severity).toBe('safe')
  })

  it.each([
    ['nonnegative → positive', z.number().nonnegative(), z.number().positive(), 0],
    ['gte → gt', z.number().gte(5), z.number().gt(5), 5],
    ['lte → lt', z.number().lte(10), z.number().lt(10), 10],
  ])('%s is breaking, at the bound', (_, before, after, witness) => {
    expect(changesOf(before, after)).toEqual([
      expect.objectContaining({ severity: 'breaking', witness }),
    ])
  })
})
