import { act, render, renderHook, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { memo, StrictMode, useLayoutEffect, useState, type ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import {
  createTracker,
  memorySink,
  TrackClick,
  TrackingProvider,
  TrackScope,
  useTrack,
  useTracker,
  useTrackOnMount,
} from 'trackplan'
import { setupTracker } from './utils'

describe('TrackingProvider and TrackScope', () => {
  it('merges provider → outer scope → inner scope → call site, inner wins, arrays replace', async () => {
    const { tracker, events } = setupTracker()
    function Button() {
      const track = useTrack()
      return (
        <button onClick={() => track('Clicked Plan', { plan: 'pro', tags: ['call'] })}>Pro</button>
      )
    }
    render(
      <TrackingProvider
        tracker={tracker}
        properties={{ app: 'web', section: 'root', tags: ['provider'], ui: { theme: 'dark' } }}
      >
        <TrackScope properties={{ section: 'pricing', ui: { layout: 'grid' } }}>
          <TrackScope properties={{ card: 'pro' }}>
            <Button />
          </TrackScope>
        </TrackScope>
      </TrackingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Pro' }))
    const [event] = await events()
    expect(event!.properties).toEqual({
      app: 'web',
      section: 'pricing',
      card: 'pro',
      plan: 'pro',
      tags: ['call'],
      ui: { theme: 'dark', layout: 'grid' },
    })
  })

  it("an event fired from a child's layout effect carries this render's provider and scope properties", async () => {
    const { tracker, events } = setupTracker()
    function Step({ step }: { step: number }) {
      const track = useTrack()
      // children's layout effects run before their parents': the scopes must be updated before any
      useLayoutEffect(() => void track('Viewed Step', { step }), [track, step])
      return null
    }
    const tree = (step: number) => (
      <TrackingProvider tracker={tracker} properties={{ page: `p${step}` }}>
        <TrackScope properties={{ section: `s${step}` }}>
          <Step step={step} />
        </TrackScope>
      </TrackingProvider>
    )
    const { rerender } = render(tree(1))
    rerender(tree(2))
    expect((await events()).map((e) => e.properties)).toEqual([
      { page: 'p1', section: 's1', step: 1 },
      { page: 'p2', section: 's2', step: 2 },
    ])
  })

  it('builds its own tracker from sinks and options', async () => {
    const memory = memorySink()
    function Fire() {
      useTrackOnMount('Viewed Home')
      return null
    }
    render(
      <TrackingProvider sinks={[memory]} storage="memory" properties={{ app: 'web' }}>
        <Fire />
      </TrackingProvider>,
    )
    await vi.waitFor(() => expect(memory.events).toHaveLength(1))
    expect(memory.events[0]).toMatchObject({ event: 'Viewed Home', properties: { app: 'web' } })
  })

  it('makes one tracker under StrictMode: one sink setup, one devtools announcement, events in it', async () => {
    const registered: object[] = []
    vi.stubGlobal('__TRACKPLAN_DEVTOOLS__', {
      register: (tracker: object) => registered.push(tracker),
    })
    const memory = memorySink()
    const setup = vi.fn()
    const sink = { ...memory, name: 'counted', setup }
    function Fire() {
      useTrackOnMount('Viewed Home')
      return null
    }
    render(
      <StrictMode>
        <TrackingProvider sinks={[sink]} storage="memory">
          <Fire />
        </TrackingProvider>
      </StrictMode>,
    )
    await vi.waitFor(() => expect(memory.events).toHaveLength(1))
    expect(setup).toHaveBeenCalledTimes(1)
    expect(registered).toHaveLength(1)
    vi.unstubAllGlobals()
  })

  it('keeps the consent prop live on the tracker it made', async () => {
    const memory = memorySink()
    let setConsent!: (c: 'pending' | 'granted') => void
    function App({ children }: { children: ReactNode }) {
      const [consent, set] = useState<'pending' | 'granted'>('pending')
      setConsent = set
      return (
        <TrackingProvider sinks={[memory]} storage="memory" consent={consent}>
          {children}
        </TrackingProvider>
      )
    }
    function Fire() {
      useTrackOnMount('Viewed Home')
      return null
    }
    render(
      <App>
        <Fire />
      </App>,
    )
    await new Promise((r) => setTimeout(r, 5))
    expect(memory.events).toEqual([])
    act(() => setConsent('granted'))
    await vi.waitFor(() => expect(memory.events.map((e) => e.event)).toEqual(['Viewed Home']))
  })

  it('re-renders no tracked descendant when provider or scope properties change; events read the latest', async () => {
    const { tracker, events } = setupTracker()
    const renders = { click: 0, hook: 0, mount: 0 }
    function HookUser() {
      renders.hook++
      const track = useTrack()
      return <button onClick={() => track('Clicked Hook')}>Hook</button>
    }
    function Clicker() {
      renders.click++
      return (
        <TrackClick event="Clicked Plan">
          <button>Plan</button>
        </TrackClick>
      )
    }
    function Mounted() {
      renders.mount++
      useTrackOnMount('Viewed Pricing')
      return null
    }
    // children are created once, as an app's routes are: only the provider and scope change
    const Tree = memo(function Tree() {
      return (
        <>
          <HookUser />
          <Clicker />
          <Mounted />
        </>
      )
    })
    let bump!: () => void
    function App() {
      const [n, setN] = useState(0)
      bump = () => setN((x) => x + 1)
      return (
        <TrackingProvider tracker={tracker} properties={{ version: n }}>
          <TrackScope properties={{ scoped: n * 10 }}>
            <Tree />
          </TrackScope>
        </TrackingProvider>
      )
    }
    render(<App />)
    expect(renders).toEqual({ click: 1, hook: 1, mount: 1 })
    act(() => bump())
    act(() => bump())
    expect(renders).toEqual({ click: 1, hook: 1, mount: 1 })
    await userEvent.click(screen.getByRole('button', { name: 'Plan' }))
    await userEvent.click(screen.getByRole('button', { name: 'Hook' }))
    const tracked = await events()
    expect(tracked.map((e) => [e.event, e.properties])).toEqual([
      ['Viewed Pricing', { version: 0, scoped: 0 }],
      ['Clicked Plan', { version: 2, scoped: 20 }],
      ['Clicked Hook', { version: 2, scoped: 20 }],
    ])
  })
})

describe('useTrack', () => {
  it('returns the same function across renders, even with inline props around', () => {
    const { wrapper } = setupTracker()
    const { result, rerender } = renderHook(() => useTrack(), { wrapper })
    const first = result.current
    rerender()
    rerender()
    expect(result.current).toBe(first)
  })

  it('outside a provider: warns once, tracks nothing, never throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { result } = renderHook(() => ({ track: useTrack(), tracker: useTracker() }))
    expect(() => result.current.track('Clicked Button')).not.toThrow()
    expect(result.current.track('Clicked Button')).toBeNull()
    expect(() => result.current.tracker.identify('u1')).not.toThrow()
    renderHook(() => useTrack())
    const messages = warn.mock.calls.map((c) => String(c[0]))
    expect(
      messages.filter((m) => m.includes('`useTrack` was called outside <TrackingProvider>')),
    ).toHaveLength(1)
    expect(messages[0]).toMatch(/^\[trackplan\] /)
    warn.mockRestore()
  })
})

describe('useTracker', () => {
  it('gives the provider tracker, for identify and consent', async () => {
    const { tracker, wrapper, events } = setupTracker()
    const { result } = renderHook(() => useTracker(), { wrapper })
    expect(result.current).toBe(tracker)
    result.current.identify('user-7', { plan: 'team' })
    expect((await events())[0]).toMatchObject({ type: 'identify', userId: 'user-7' })
  })
})

describe('useTrackOnMount', () => {
  it('fires exactly once per mount under StrictMode, again on a real remount', async () => {
    const { tracker, events } = setupTracker()
    function Page({ plan }: { plan: string }) {
      useTrackOnMount('Viewed Pricing', { plan })
      return <p>pricing</p>
    }
    const { rerender } = render(
      <StrictMode>
        <TrackingProvider tracker={tracker}>
          <Page key="a" plan="free" />
        </TrackingProvider>
      </StrictMode>,
    )
    rerender(
      <StrictMode>
        <TrackingProvider tracker={tracker}>
          <Page key="a" plan="pro" />
        </TrackingProvider>
      </StrictMode>,
    )
    expect((await events()).map((e) => e.properties.plan)).toEqual(['free'])
    rerender(
      <StrictMode>
        <TrackingProvider tracker={tracker}>
          <Page key="b" plan="team" />
        </TrackingProvider>
      </StrictMode>,
    )
    expect((await events()).map((e) => e.properties.plan)).toEqual(['free', 'team'])
  })
})

describe('a tracker shared across providers', () => {
  it('works with a tracker created outside React', async () => {
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory], storage: 'memory' })
    render(
      <TrackingProvider tracker={tracker}>
        <TrackClick event="Clicked Button">
          <button>Go</button>
        </TrackClick>
      </TrackingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Go' }))
    await tracker.flush()
    expect(memory.events).toHaveLength(1)
  })
})

describe("scopes' properties, layered by the one rule", () => {
  function Buttons() {
    const track = useTrack()
    return (
      <>
        <button onClick={() => track('Clicked Plan', { list: [3], ui: { layout: { gap: 4 } } })}>
          Hook
        </button>
        <TrackClick event="Clicked Plan" properties={{ list: [3] }}>
          <button>Click</button>
        </TrackClick>
      </>
    )
  }

  it('nested objects merge across the chain at every depth, inner wins; arrays replace', async () => {
    const { tracker, events } = setupTracker()
    const provider = { ui: { theme: 'dark', layout: { cols: 2, gap: 8 } }, tags: ['provider'] }
    render(
      <TrackingProvider tracker={tracker} properties={provider}>
        <TrackScope properties={{ ui: { layout: { cols: 3 } }, tags: ['outer'], list: [1, 2] }}>
          <TrackScope properties={{ ui: { density: 'compact' }, card: 'pro' }}>
            <Buttons />
          </TrackScope>
        </TrackScope>
      </TrackingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Hook' }))
    await userEvent.click(screen.getByRole('button', { name: 'Click' }))
    const [hook, click] = await events()
    expect(hook!.properties).toEqual({
      ui: { theme: 'dark', layout: { cols: 3, gap: 4 }, density: 'compact' },
      tags: ['outer'],
      list: [3],
      card: 'pro',
    })
    expect(click!.properties).toEqual({
      ui: { theme: 'dark', layout: { cols: 3, gap: 8 }, density: 'compact' },
      tags: ['outer'],
      list: [3],
      card: 'pro',
    })
    // the layers themselves are left as they were
    expect(provider).toEqual({
      ui: { theme: 'dark', layout: { cols: 2, gap: 8 } },
      tags: ['provider'],
    })
  })

  it('a getter that throws in a scope is sent as "[Unreadable]" and reported, never thrown', async () => {
    const { tracker, events, errors } = setupTracker()
    const scope = Object.defineProperty({ section: 'pricing' }, 'secret', {
      enumerable: true,
      get: () => {
        throw new Error('getter')
      },
    })
    let track!: ReturnType<typeof useTrack>
    function Grab() {
      track = useTrack()
      return null
    }
    render(
      <TrackingProvider tracker={tracker} properties={{ app: 'web' }}>
        <TrackScope properties={scope}>
          <Grab />
        </TrackScope>
      </TrackingProvider>,
    )
    expect(() => track('Clicked Plan', { plan: 'pro' })).not.toThrow()
    const [event] = await events()
    expect(event!.properties).toEqual({
      app: 'web',
      section: 'pricing',
      secret: '[Unreadable]',
      plan: 'pro',
    })
    expect(errors.map((e) => e.message).join('\n')).toContain('"secret"')
  })

  it('an own "__proto__" key from JSON.parse in a scope stays data and merges with the call\'s', async () => {
    const { tracker, events } = setupTracker()
    let track!: ReturnType<typeof useTrack>
    function Grab() {
      track = useTrack()
      return null
    }
    render(
      <TrackingProvider tracker={tracker}>
        <TrackScope properties={JSON.parse('{"__proto__":{"scope":1},"a":1}')}>
          <Grab />
        </TrackScope>
      </TrackingProvider>,
    )
    track('Clicked Plan', JSON.parse('{"__proto__":{"call":2}}'))
    const [event] = await events()
    expect(Object.getPrototypeOf(event!.properties)).toBe(Object.prototype)
    expect(JSON.stringify(event!.properties)).toBe('{"__proto__":{"scope":1,"call":2},"a":1}')
    expect(({} as Record<string, unknown>).scope).toBeUndefined()
  })
})
