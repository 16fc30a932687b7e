// Properties that cannot be read at all (a revoked Proxy: an Immer draft after produce; a Proxy
// whose ownKeys trap throws) are reported as unreadable — also when the tracker has properties
// of its own, which the README's quick start sets (`properties: { app: 'web' }`). Layered under
// those, they were dropped without a word: the event went out with the tracker's properties only.
import { renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { TrackingProvider, TrackScope, useTrack } from 'trackplan'
import { createTracker, memorySink, type TrackplanError } from 'trackplan/core'

const revoked = (): object => {
  const { proxy, revoke } = Proxy.revocable({ plan: 'pro' }, {})
  revoke()
  return proxy
}
const unlistable = (): object =>
  new Proxy(
    { plan: 'pro' },
    {
      ownKeys() {
        throw new Error('keys')
      },
    },
  )

function setup(properties?: Record<string, unknown>) {
  const errors: TrackplanError[] = []
  const tracker = createTracker({
    storage: 'memory',
    sinks: [memorySink()],
    onError: (e) => errors.push(e),
    ...(properties ? { properties } : {}),
  })
  return { tracker, errors }
}

describe('properties that cannot be read are reported', () => {
  it.each([
    ['a revoked Proxy', revoked],
    ['a Proxy that cannot list its keys', unlistable],
  ])('%s, under the tracker’s own properties as without them', (_, make) => {
    for (const globals of [undefined, { app: 'web' }]) {
      const { tracker, errors } = setup(globals)
      const envelope = tracker.track('Clicked Plan', make() as never)
      // the event keeps what could be read
      expect(envelope?.properties).toEqual(globals ?? {})
      expect(errors.map((e) => [e.code, e.message])).toEqual([
        ['invalid_event', expect.stringContaining('"(the properties)" could not be read')],
      ])
    }
  })

  it('page properties too', () => {
    const { tracker, errors } = setup({ app: 'web' })
    tracker.page('Pricing', revoked() as never)
    expect(errors.map((e) => e.code)).toEqual(['invalid_event'])
  })

  it('a nested value merged with the tracker’s: its path, and what the tracker had there kept', () => {
    const { tracker, errors } = setup({ cart: { id: 1 } })
    const envelope = tracker.track('Viewed Cart', { cart: unlistable() } as never)
    expect(envelope?.properties).toEqual({ cart: { id: 1 } })
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('"cart" could not be read'),
    ])
  })

  it('through a provider and a scope, once', () => {
    const { tracker, errors } = setup({ app: 'web' })
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TrackingProvider tracker={tracker} properties={{ page: 'pricing' }}>
        <TrackScope properties={{ section: 'plans' }}>{children}</TrackScope>
      </TrackingProvider>
    )
    const { result } = renderHook(() => useTrack(), { wrapper })
    const envelope = result.current('Clicked Plan' as never, revoked() as never)
    expect(envelope?.properties).toEqual({ app: 'web', page: 'pricing', section: 'plans' })
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('"(the properties)" could not be read'),
    ])
  })
})
