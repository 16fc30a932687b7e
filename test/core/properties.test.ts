// The one rule for layering properties (issue 30, item 5): inner wins key by key, plain
// objects merge, arrays and everything else replace, and nothing a layer holds can make the
// merge throw.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { layerProperties } from '../../src/core/properties'
import { sanitizeProperties } from '../../src/core/sanitize'

const throwing = (key: string, extra: Record<string, unknown> = {}) =>
  Object.defineProperty({ ...extra }, key, {
    enumerable: true,
    get: () => {
      throw new Error('getter')
    },
  })

/** What the layered properties are sent as: the sanitizer's value and the paths it reports. */
const sent = (...layers: Parameters<typeof layerProperties>) => {
  const { value, unreadable } = sanitizeProperties(layerProperties(...layers))
  return { value, unreadable }
}

describe('layerProperties', () => {
  it('layers outer → inner: inner wins, nested objects merge at every depth, arrays replace', () => {
    expect(
      layerProperties(
        { app: 'web', ui: { theme: 'dark', grid: { cols: 2, gap: 8 } }, tags: ['a', 'b'] },
        { section: 'pricing', ui: { grid: { cols: 3 } }, tags: ['c'] },
        { ui: { theme: 'light' }, plan: 'pro' },
      ),
    ).toEqual({
      app: 'web',
      ui: { theme: 'light', grid: { cols: 3, gap: 8 } },
      tags: ['c'],
      section: 'pricing',
      plan: 'pro',
    })
  })

  it('replaces where either side is not a plain object: arrays, dates, null, primitives', () => {
    const at = new Date(0)
    expect(
      layerProperties(
        { a: { x: 1 }, b: [1], c: { x: 1 }, d: { x: 1 }, e: at },
        { a: [2], b: { y: 2 }, c: null, d: 'text', e: { y: 2 } },
      ),
    ).toEqual({ a: [2], b: { y: 2 }, c: null, d: 'text', e: { y: 2 } })
  })

  it('changes no layer, skips missing ones, and returns a single layer as it is', () => {
    const outer = { cart: { id: 1 } }
    const inner = { cart: { total: 9 } }
    expect(layerProperties(undefined, outer, null, inner)).toEqual({ cart: { id: 1, total: 9 } })
    expect(outer).toEqual({ cart: { id: 1 } })
    expect(inner).toEqual({ cart: { total: 9 } })
    expect(layerProperties(undefined, outer)).toBe(outer)
    expect(layerProperties()).toBeUndefined()
  })

  it('a getter that throws leaves its value "[Unreadable]", reported with its path', () => {
    expect(sent({ cart: { id: 1 } }, { cart: throwing('sku', { qty: 2 }), ok: 1 })).toEqual({
      value: { cart: { id: 1, qty: 2, sku: '[Unreadable]' }, ok: 1 },
      unreadable: ['cart.sku'],
    })
    // an unreadable value replaces what lay under it, and what lies over it replaces it
    expect(sent(throwing('a'), { a: { x: 1 } }).value).toEqual({ a: { x: 1 } })
    expect(sent({ a: { x: 1 } }, throwing('a'))).toEqual({
      value: { a: '[Unreadable]' },
      unreadable: ['a'],
    })
  })

  it('a proxy whose traps throw never makes it throw', () => {
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap')
        },
        ownKeys() {
          throw new Error('keys')
        },
        getPrototypeOf() {
          throw new Error('prototype')
        },
      },
    )
    const { proxy: revoked, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(() => layerProperties({ a: 1 }, proxy, { b: 2 })).not.toThrow()
    expect(layerProperties({ a: 1 }, proxy, { b: 2 })).toEqual({ a: 1, b: 2 })
    expect(layerProperties({ a: 1 }, revoked, { b: 2 })).toEqual({ a: 1, b: 2 })
    expect(sent({ p: { x: 1 } }, { p: proxy }).unreadable).toEqual(['p'])
  })

  it('an own "__proto__" key from JSON.parse stays data, and merges like any other key', () => {
    const layered = layerProperties(
      JSON.parse('{"__proto__":{"outer":1},"a":1}'),
      JSON.parse('{"__proto__":{"inner":2}}'),
    )!
    expect(Object.getPrototypeOf(layered)).toBe(Object.prototype)
    expect(Object.hasOwn(layered, '__proto__')).toBe(true)
    expect((layered as Record<string, unknown>).outer).toBeUndefined()
    expect(JSON.stringify(layered)).toBe('{"__proto__":{"outer":1,"inner":2},"a":1}')
    expect(({} as Record<string, unknown>).inner).toBeUndefined()
  })

  it('two cycles merge into one cycle, without running out of stack', () => {
    const a: Record<string, unknown> = { x: 1 }
    a.self = a
    const b: Record<string, unknown> = { y: 2 }
    b.self = b
    let node = layerProperties(a, b) as Record<string, unknown>
    for (let depth = 0; depth < 32; depth++) {
      expect(node).toMatchObject({ x: 1, y: 2 })
      node = node.self as Record<string, unknown>
    }
    expect(node.self).toBe(node)
  })

  it('an object shared by many keys, or pointing back at itself twice, is merged once', () => {
    // each level holds the next twice: merged pair by pair, this was 2^30 merges
    const node: Record<string, unknown> = { id: 1 }
    node.self = node
    node.root = node
    let wrap: Record<string, unknown> = node
    for (let i = 0; i < 30; i++) wrap = { left: wrap, right: wrap }
    const started = Date.now()
    const merged = layerProperties({ wrap }, { wrap, extra: true }) as Record<string, unknown>
    expect(Date.now() - started).toBeLessThan(1000)
    expect(merged.extra).toBe(true)
    const cleaned = sanitizeProperties(layerProperties({ node }, { node }))
    expect(cleaned.value).toMatchObject({ node: { id: 1, self: '[Circular]', root: '[Circular]' } })
  }, 10_000)

  it('never throws, whatever the layers hold (fast-check)', () => {
    const layer = fc.oneof(
      fc.dictionary(fc.string(), fc.anything({ withNullPrototype: true, withMap: true })),
      fc.anything(),
    )
    fc.assert(
      fc.property(fc.array(layer, { maxLength: 4 }), (layers) => {
        layerProperties(...(layers as Parameters<typeof layerProperties>))
      }),
      { numRuns: 500 },
    )
  })
})
