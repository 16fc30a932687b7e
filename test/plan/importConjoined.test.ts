// @vitest-environment node
// A closed object inside an `anyOf` or `oneOf` beside other keywords: the importer writes the
// parts as one zod `.and()`, whose intersection lets through a key one side rejects when the
// other takes it, also from inside a union. Found by the import oracle (importDifferential,
// seed 333765453): ajv rejected `{ plan: { plan: {} } }`, the imported plan accepted it.
import { describe, expect, it } from 'vitest'
import { importPlan } from '../../src/plan/import'
import { loadPlanModule } from './planModule'
import { ajvValidator, runtimeChecker } from './reference'

const EVENT = 'Chose Plan'
/** What ajv and the imported plan say of each instance of `{ plan: <schema> }`. */
function verdicts(plan: object, instances: object[]) {
  const schema = { title: EVENT, type: 'object', properties: { plan } }
  const { source } = importPlan(JSON.stringify(schema), 'json-schema')
  const check = runtimeChecker(loadPlanModule(source))
  const validate = ajvValidator(schema)
  return instances.map((instance) => ({
    instance,
    ajv: validate(instance),
    runtime: check(EVENT, instance as never).length === 0,
  }))
}

const closed = { type: 'object', properties: {}, additionalProperties: false }

describe('import: a closed object in a union that is one part of several', () => {
  it.each([
    ['anyOf', { type: 'object', required: ['plan'], anyOf: [false, closed] }],
    ['oneOf', { type: 'object', required: ['plan'], oneOf: [false, closed] }],
    ['anyOf of two', { type: 'object', minProperties: 0, anyOf: [closed, { type: 'string' }] }],
  ])('%s: rejects a key the closed object does not list, as ajv does', (_, plan) => {
    for (const verdict of verdicts(plan, [{ plan: { plan: {} } }, { plan: { other: 1 } }]))
      expect(verdict.runtime, JSON.stringify(verdict.instance)).toBe(verdict.ajv)
  })
})
