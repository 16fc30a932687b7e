import { describe, expect, it, vi } from 'vitest'
import { createTracker, memorySink } from 'trackplan/core'
// internals, tested as units
import { redactUrl } from '../../src/core/context'
import { layerProperties } from '../../src/core/properties'
import { sanitizeProperties } from '../../src/core/sanitize'

describe('sanitizeProperties', () => {
  it('makes every value JSON-safe exactly as the spec lists', () => {
    const circular: Record<string, unknown> = { name: 'loop' }
    circular.self = circular
    const shared = { id: 1 }
    const { value } = sanitizeProperties({
      undef: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      date: new Date('2025-02-03T04:05:06.007Z'),
      badDate: new Date('nope'),
      big: 12345678901234567890n,
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
      ]),
      set: new Set([1, 2, 2, 3]),
      circular,
      twice: [shared, shared],
      list: [1, undefined, () => 2, Number.NaN],
      error: new TypeError('bad'),
      ok: { s: 'x', n: 1.5, b: false, nil: null },
    })
    expect(value).toEqual({
      nan: null,
      inf: null,
      date: '2025-02-03T04:05:06.007Z',
      badDate: null,
      big: '12345678901234567890',
      map: { a: 1, '2': 'b' },
      set: [1, 2, 3],
      circular: { name: 'loop', self: '[Circular]' },
      twice: [{ id: 1 }, { id: 1 }],
      list: [1, null, null, null],
      error: { name: 'TypeError', message: 'bad' },
      ok: { s: 'x', n: 1.5, b: false, nil: null },
    })
    expect(JSON.parse(JSON.stringify(value))).toEqual(value)
  })

  it("sends what an object's own toJSON returns, as JSON.stringify does, flat or nested", () => {
    const money = { amount: 5, currency: 'EUR', toJSON: () => '5.00 EUR' }
    const flat = { a: 1, b: Number.NaN, toJSON: () => ({ b: 1 }) }
    expect(sanitizeProperties(flat).value).toEqual({ b: 1 })
    expect(sanitizeProperties({ a: 1, toJSON: () => ({ c: 'x' }) }).value).toEqual({ c: 'x' })
    expect(sanitizeProperties({ price: money }).value).toEqual({ price: '5.00 EUR' })
  })

  it('drops DOM nodes and events with one development warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const button = document.createElement('button')
    const { value } = sanitizeProperties({
      target: button,
      event: new MouseEvent('click'),
      kept: 1,
    })
    expect(value).toEqual({ kept: 1 })
    expect(warn).toHaveBeenCalled()
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /^\[trackplan\] property "target" holds a DOM node/,
    )
    warn.mockRestore()
  })

  it('drops a React synthetic event by its shape', () => {
    const synthetic = { nativeEvent: {}, isDefaultPrevented: () => false, type: 'click' }
    expect(sanitizeProperties({ e: synthetic, x: 1 }).value).toEqual({ x: 1 })
  })

  it('survives getters that throw and non-object input', () => {
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('no')
      },
    })
    expect(sanitizeProperties({ hostile, x: 1 })).toMatchObject({
      value: { hostile: { boom: '[Unreadable]' }, x: 1 },
      unreadable: ['hostile.boom'],
    })
    expect(sanitizeProperties('nope' as never).value).toEqual({})
    expect(sanitizeProperties(null).value).toEqual({})
  })

  it('is applied by the tracker to every event', async () => {
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory] })
    tracker.track('Completed Purchase', { at: new Date(0), total: Number.NaN, cb: () => {} })
    await tracker.flush()
    expect(memory.events[0]!.properties).toEqual({ at: '1970-01-01T00:00:00.000Z', total: null })
  })
})

describe('layerProperties', () => {
  it('merges plain objects key by key, inner wins; arrays replace, never concatenate', () => {
    expect(
      layerProperties({ a: 1, list: [1, 2], o: { x: 1, y: 1 } }, { list: [3], o: { y: 2 }, b: 2 }),
    ).toEqual({
      a: 1,
      list: [3],
      o: { x: 1, y: 2 },
      b: 2,
    })
  })
})

describe('redactUrl', () => {
  it.each([
    ['https://a.com/p?token=abc&plan=pro', 'https://a.com/p?token=REDACTED&plan=pro'],
    [
      'https://a.com/p?Password=x&apiKey=y&session_id=z',
      'https://a.com/p?Password=REDACTED&apiKey=REDACTED&session_id=REDACTED',
    ],
    [
      'https://a.com/p?email=a%40b.c&AUTH=1&secret=2',
      'https://a.com/p?email=REDACTED&AUTH=REDACTED&secret=REDACTED',
    ],
    ['https://a.com/cb#access_token=abc&state=1', 'https://a.com/cb#access_token=REDACTED&state=1'],
    ['https://a.com/p?plan=pro#section', 'https://a.com/p?plan=pro#section'],
    ['/relative?key=1', '/relative?key=REDACTED'],
  ])('%s → %s', (input, output) => {
    expect(redactUrl(input)).toBe(output)
  })

  it('redacts the page context of every event, referrer included', async () => {
    window.history.pushState({}, '', '/reset?email=jane%40example.com&step=2')
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory] })
    tracker.track('Viewed Reset')
    await tracker.flush()
    const page = memory.events[0]!.context.page!
    expect(page.url).toBe('http://localhost:3000/reset?email=REDACTED&step=2')
    expect(page.search).toBe('?email=REDACTED&step=2')
    expect(JSON.stringify(memory.events)).not.toContain('jane')
    window.history.pushState({}, '', '/')
  })
})

describe('utf8Bytes: the UTF-8 size without TextEncoder (Jest jsdom has none)', () => {
  it('matches TextEncoder on ASCII, 2-, 3- and 4-byte characters and lone surrogates', async () => {
    const { utf8Bytes } = await import('../../src/core/utf8')
    for (const text of [
      '',
      'plain',
      'café',
      '€ 12',
      '日本語',
      '👍🏽 ok',
      'a\uD800b',
      '\uDC00',
      'x'.repeat(1000) + '💥',
    ]) {
      expect(utf8Bytes(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length)
    }
  })
})
