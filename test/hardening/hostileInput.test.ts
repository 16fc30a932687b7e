// Issue 9, items 5–8 and 22–24: track(), page(), identify() and alias() never throw, a bad
// value never empties the event, input never sets a prototype, the size check covers the
// whole envelope, reset() keeps its place behind buffered events, and trackers sharing
// storage agree on one identity.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createTracker, memorySink, type TrackplanError, type TrackedEvent } from 'trackplan/core'

const LIMIT = 32 * 1024

function setup(options: Parameters<typeof createTracker>[0] = {}) {
  const sink = memorySink()
  const errors: TrackplanError[] = []
  const tracker = createTracker({
    storage: 'memory',
    sinks: [sink],
    onError: (e) => errors.push(e),
    ...options,
  })
  return { tracker, sink, errors }
}

const throwingGetter = () => ({
  ok: 1,
  get bad(): unknown {
    throw new Error('boom')
  },
})
const throwingProxy = () =>
  new Proxy(
    { a: 1 },
    {
      get() {
        throw new Error('trap')
      },
      ownKeys() {
        throw new Error('keys')
      },
    },
  )
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({ a: 1 }, {})
  revoke()
  return proxy
}
const deep = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: true }
  for (let i = 0; i < depth; i++) value = { nested: value }
  return value
}

describe('item 5: nothing throws from track, page, identify or alias', () => {
  it.each([
    ['a Proxy that throws on access', throwingProxy],
    ['a revoked Proxy (an Immer draft after produce)', revoked],
    ['a throwing getter', throwingGetter],
  ])('%s as properties, traits, page properties or nested value', (_, make) => {
    const { tracker } = setup()
    expect(() => tracker.track('Clicked Button', make() as never)).not.toThrow()
    expect(() => tracker.track('Clicked Button', { nested: make() } as never)).not.toThrow()
    expect(() => tracker.page('Home', make() as never)).not.toThrow()
    expect(() => tracker.identify('u1', make() as never)).not.toThrow()
    expect(() => tracker.alias('u2')).not.toThrow()
  })

  it('global properties with a throwing getter', () => {
    const { tracker, sink } = setup({ properties: throwingGetter() })
    expect(() => tracker.track('Clicked Button', { x: 1 })).not.toThrow()
    expect(() => tracker.page()).not.toThrow()
    expect(tracker.track('Clicked Button', { x: 2 })?.properties).toMatchObject({ ok: 1, x: 2 })
    return Promise.resolve().then(() => expect(sink.events.length).toBeGreaterThan(0))
  })

  it('global and call properties both nested thousands deep', () => {
    const { tracker } = setup({ properties: deep(20_000) })
    let envelope: TrackedEvent | null = null
    expect(() => (envelope = tracker.track('Clicked Button', deep(20_000)))).not.toThrow()
    expect(JSON.stringify(envelope)).toBeTypeOf('string')
  })

  it('an event name whose toString throws', () => {
    const { tracker, errors } = setup()
    const name = {
      toString() {
        throw new Error('no')
      },
    }
    expect(() => tracker.track(name as never)).not.toThrow()
    expect(errors.some((e) => e.reason === 'invalid')).toBe(true)
  })
})

describe('item 6: an unreadable value is replaced by a marker, the rest kept, the path reported', () => {
  it('keeps ok, marks bad, reports the path', () => {
    const { tracker, errors } = setup()
    const envelope = tracker.track('Clicked Button', {
      ok: 1,
      get bad(): unknown {
        throw 1
      },
    })
    expect(envelope?.properties).toEqual({ ok: 1, bad: '[Unreadable]' })
    const reported = errors.find((e) => e.code === 'invalid_event')
    expect(reported?.message).toContain('"bad"')
    expect(reported?.event?.messageId).toBe(envelope?.messageId)
  })

  it('reports a nested path, and a proxy that cannot even list its keys', () => {
    const { tracker, errors } = setup()
    const envelope = tracker.track('Clicked Button', {
      cart: {
        items: [
          { id: 1 },
          {
            get sku(): unknown {
              throw 1
            },
          },
        ],
      },
      p: throwingProxy(),
    })
    expect(envelope?.properties).toEqual({
      cart: { items: [{ id: 1 }, { sku: '[Unreadable]' }] },
      p: '[Unreadable]',
    })
    const message = errors.map((e) => e.message).join('\n')
    expect(message).toContain('cart.items[1].sku')
    expect(message).toContain('"p"')
  })
})

describe('item 7: input never sets a prototype', () => {
  it('an own "__proto__" key (JSON.parse) stays plain data', () => {
    const { tracker } = setup({ properties: JSON.parse('{"__proto__":{"fromGlobal":1}}') })
    const envelope = tracker.track(
      'Clicked Button',
      JSON.parse('{"__proto__":{"polluted":true},"a":1}'),
    )!
    expect(Object.getPrototypeOf(envelope.properties)).toBe(Object.prototype)
    expect((envelope.properties as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(envelope.properties, '__proto__')).toBe(true)
    // layers merge key by key, the "__proto__" key like any other
    expect(JSON.stringify(envelope.properties)).toBe(
      '{"__proto__":{"fromGlobal":1,"polluted":true},"a":1}',
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('item 8: fuzzing with fast-check', { timeout: 60_000 }, () => {
  // hostile objects are made inside the property (fast-check itself cannot clone a revoked proxy)
  const factories: Record<string, () => unknown> = {
    '§getter': throwingGetter,
    '§proxy': throwingProxy,
    '§revoked': revoked,
    '§deep': () => deep(200),
  }
  const hostile = fc.oneof(
    fc.constantFrom(...Object.keys(factories)),
    fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }),
    fc.string({ unit: 'binary', maxLength: 200 }),
  )
  const value = fc.oneof(
    fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
    }),
    hostile,
  )
  const properties = fc
    .dictionary(fc.string(), fc.oneof(value, fc.array(hostile, { maxLength: 3 })), { maxKeys: 8 })
    .map((p) => () => {
      const make = (v: unknown): unknown =>
        typeof v === 'string' && Object.hasOwn(factories, v)
          ? factories[v]!()
          : Array.isArray(v)
            ? v.map(make)
            : v
      return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, make(v)]))
    })

  const check = (envelope: TrackedEvent | null): void => {
    if (envelope === null) return
    const json = JSON.stringify(envelope)
    expect(new TextEncoder().encode(json).length).toBeLessThanOrEqual(LIMIT)
  }

  it('track: 0 exceptions, every envelope serializable and ≤ 32 KB (2,000 runs)', () => {
    const { tracker } = setup()
    fc.assert(
      fc.property(properties, (p) => check(tracker.track('Clicked Button', p()))),
      { numRuns: 2000 },
    )
  })
  it('track with hostile global properties (2,000 runs)', () => {
    fc.assert(
      fc.property(properties, properties, (g, p) => {
        const { tracker } = setup({ properties: g() })
        check(tracker.track('Clicked Button', p()))
      }),
      { numRuns: 2000 },
    )
  })
  it('page, identify and alias (2,000 runs)', () => {
    const { tracker } = setup()
    fc.assert(
      fc.property(properties, fc.anything(), (p, id) => {
        check(tracker.page('Home', p()))
        check(tracker.identify(typeof id === 'string' && id ? id : 'u1', p()))
        expect(() => tracker.alias(id as never)).not.toThrow()
      }),
      { numRuns: 2000 },
    )
  })
})

describe('item 22: the size check covers the whole envelope', () => {
  it('identify with a 100 KB trait is not delivered', async () => {
    const { tracker, sink, errors } = setup()
    expect(tracker.track('Clicked Button', { big: 'x'.repeat(100_000) })).toBeNull()
    expect(tracker.identify('u1', { big: 'x'.repeat(100_000) })).toBeNull()
    await Promise.resolve()
    expect(sink.events.filter((e) => e.type === 'identify')).toEqual([])
    expect(errors.filter((e) => e.reason === 'size')).toHaveLength(2)
    expect(tracker.stats().dropped.size).toBe(2)
  })
  it('a huge BigInt is measured, not estimated at 24 bytes', () => {
    const { tracker } = setup()
    expect(tracker.track('Clicked Button', { n: 10n ** 50_000n })).toBeNull()
    expect(tracker.stats().dropped.size).toBe(1)
  })
})

describe('item 23: reset() after the events already tracked, in every consent state', () => {
  it.each(['granted', 'pending'] as const)('consent %s', async (consent) => {
    const order: string[] = []
    const tracker = createTracker({
      storage: 'memory',
      consent,
      sinks: [
        {
          name: 'order',
          send: (e) => void order.push(`${e.event}:${e.userId}`),
          reset: () => void order.push('reset'),
        },
      ],
    })
    tracker.identify('u1')
    tracker.track('Clicked Button')
    tracker.reset()
    tracker.track('Viewed Page')
    tracker.setConsent('granted')
    await tracker.flush()
    expect(order).toEqual(['undefined:u1', 'Clicked Button:u1', 'reset', 'Viewed Page:null'])
  })
})

describe('item 24: trackers sharing storage agree on one identity', () => {
  it('after a.reset(), b does not write its stale anonymousId back', () => {
    const data = new Map<string, string>()
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    }
    const a = createTracker({ storage })
    const b = createTracker({ storage })
    expect(b.anonymousId).toBe(a.anonymousId)
    a.reset()
    b.identify('u1')
    expect(b.anonymousId).toBe(a.anonymousId)
    // the next load resumes the id the page had last
    const next = createTracker({ storage })
    expect(next.anonymousId).toBe(a.anonymousId)
    expect(next.userId).toBe('u1')
    expect(a.userId).toBe('u1')
  })
  it('separate storages keep separate identities', () => {
    const a = createTracker({ storage: 'memory' })
    const b = createTracker({ storage: 'memory' })
    expect(a.anonymousId).not.toBe(b.anonymousId)
  })
})
