// @vitest-environment node
// An own toJSON, as JSON.stringify calls it: once per value, its result serialized as it is
// (its own toJSON not called again, and `return this` walked by its keys). The flat copy hands
// any object with a toJSON key to the walk (4fbbc60); the walk called toJSON on the result
// again, so `toJSON() { return { ...this } }` and `toJSON() { return this }` sent `{}`.
import { describe, expect, it } from 'vitest'
import { sanitizeProperties } from '../../src/core/sanitize'

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown

describe('sanitizeProperties: an own toJSON whose result holds it too', () => {
  it.each([
    [
      'returns this',
      {
        b: 1,
        toJSON() {
          return this
        },
      },
    ],
    [
      'returns a copy of itself',
      {
        b: 1,
        toJSON() {
          return { ...this }
        },
      },
    ],
    [
      'returns a copy with more',
      {
        b: 1,
        toJSON() {
          return { ...this, c: 2 }
        },
      },
    ],
    [
      'nested, returns this',
      {
        x: {
          b: 1,
          toJSON() {
            return this
          },
        },
      },
    ],
    [
      'nested, returns a copy of itself',
      {
        x: {
          b: 1,
          toJSON() {
            return { ...this }
          },
        },
      },
    ],
  ])('sends what JSON.stringify sends: %s', (_, input) => {
    expect(sanitizeProperties(input).value).toEqual(asJson(input))
  })
})
