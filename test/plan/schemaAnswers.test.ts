// What a Standard Schema's validate() gives back may be a promise, another realm's promise (any
// thenable), or a hand-written schema's bug: each is an answer or a violation, never a throw.
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { describe, expect, it } from 'vitest'
import { compilePlan, type TrackingPlan } from 'trackplan/server'

const schemaGiving = (result: () => unknown): StandardSchemaV1 =>
  ({ '~standard': { version: 1, vendor: 'test', validate: result } }) as StandardSchemaV1

const checkWith = (result: () => unknown) => {
  const plan: TrackingPlan = {
    events: { 'Viewed Pricing': { properties: { plan: schemaGiving(result) } } },
  }
  return compilePlan(plan)({
    type: 'track',
    event: 'Viewed Pricing',
    properties: { plan: 'pro' },
  } as never)
}

describe("a schema's answer", () => {
  it('a thenable that is no Promise (another realm) is waited for', async () => {
    const found = checkWith(() => ({
      then: (resolve: (value: unknown) => void) => resolve({ issues: [{ message: 'no' }] }),
    }))
    expect([...found]).toEqual([])
    expect(await (found as { pending?: Promise<unknown> }).pending).toEqual([
      expect.objectContaining({
        kind: 'schema',
        message: expect.stringContaining('is invalid: no'),
      }),
    ])
  })

  it('a promise whose then cannot be read is a violation, not a throw', () => {
    const promise = Promise.resolve({})
    Object.defineProperty(promise, 'then', {
      get() {
        throw new Error('no then')
      },
    })
    expect(checkWith(() => promise)).toEqual([
      expect.objectContaining({
        kind: 'schema',
        message: '"Viewed Pricing": property "plan": its schema threw (Error: no then)',
      }),
    ])
  })
})
