import { act, fireEvent, render, screen } from '@testing-library/react'
import {
  cloneElement,
  forwardRef,
  lazy,
  Suspense,
  useEffect,
  useState,
  type ReactElement,
  type ReactNode,
  type Ref,
} from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TrackClick, TrackingProvider, TrackView, useRageClicks } from 'trackplan'
import { DrivenObserver, StrictObserver } from './observers'
import { setupTracker } from './utils'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  DrivenObserver.instances = []
})

const warnings = (warn: { mock: { calls: unknown[][] } }, text: string) =>
  warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes(text))

describe('TrackView odd options', () => {
  it('a numeric rootMargin (plain JS: rootMargin={-100}) is applied as pixels or reported — never silently dropped', async () => {
    vi.stubGlobal('IntersectionObserver', StrictObserver)
    const { wrapper, errors } = setupTracker()
    render(
      // @ts-expect-error -- plain JavaScript callers pass numbers; the docs read a bare number as pixels
      <TrackView event="Viewed Numeric Margin" rootMargin={-100}>
        <footer>f</footer>
      </TrackView>,
      { wrapper },
    )
    const [observer] = DrivenObserver.instances
    const applied = observer!.options.rootMargin === '-100px'
    const reported = errors.some((e) => e.code === 'invalid_option')
    // actual: observed with no margin at all, and nothing reported
    expect(applied || reported).toBe(true)
  })
})

describe('development warnings that are false', () => {
  it('TrackView does not warn "nothing is tracked" for a child that gives its node a render later (a client-only wrapper) — and it is tracked', async () => {
    vi.stubGlobal('IntersectionObserver', DrivenObserver)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper, events } = setupTracker()
    // the usual "render on the client only" wrapper (next-themes, NoSSR): null first, the node after an effect
    const ClientOnly = forwardRef(function ClientOnly(
      { children }: { children: ReactNode },
      ref: Ref<HTMLDivElement>,
    ) {
      const [mounted, setMounted] = useState(false)
      useEffect(() => setMounted(true), [])
      return mounted ? <div ref={ref}>{children}</div> : null
    })
    render(
      <TrackView event="Viewed Client Only">
        <ClientOnly>chart</ClientOnly>
      </TrackView>,
      { wrapper },
    )
    await act(async () => {})
    const observer = DrivenObserver.instances.find((o) => !o.disconnected)
    expect(observer?.targets[0]?.tagName).toBe('DIV')
    act(() =>
      observer!.callback(
        [
          {
            target: observer!.targets[0]!,
            isIntersecting: true,
            intersectionRatio: 1,
            intersectionRect: { height: 100 } as DOMRectReadOnly,
            rootBounds: { height: 800 } as DOMRectReadOnly,
          } as IntersectionObserverEntry,
        ],
        observer as unknown as IntersectionObserver,
      ),
    )
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Client Only'])
    // actual: "its child did not give a DOM node to its ref, so nothing is tracked (in production too)"
    expect(warnings(warn, 'Viewed Client Only')).toEqual([])
  })

  it('TrackClick does not warn "never passed the click handler" for a lazy component child that loads after 50 ms — and it is tracked', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper, events } = setupTracker()
    let load!: () => void
    const Button = (props: { onClick?: () => void; children: ReactNode }) => (
      <button onClick={props.onClick}>{props.children}</button>
    )
    const LazyButton = lazy(
      () =>
        new Promise<{ default: typeof Button }>(
          (resolve) => (load = () => resolve({ default: Button })),
        ),
    )
    render(
      <Suspense fallback={<span>loading</span>}>
        <div>
          <TrackClick event="Clicked Lazy Buy">
            <LazyButton>Buy</LazyButton>
          </TrackClick>
        </div>
      </Suspense>,
      { wrapper },
    )
    await act(() => new Promise((r) => setTimeout(r, 120)))
    await act(async () => load())
    fireEvent.click(await screen.findByRole('button', { name: 'Buy' }))
    expect((await events()).map((e) => e.event)).toEqual(['Clicked Lazy Buy'])
    await act(() => new Promise((r) => setTimeout(r, 80)))
    // actual: "<TrackClick event="Clicked Lazy Buy">: its child never passed the click handler on to a DOM element"
    expect(warnings(warn, 'Clicked Lazy Buy')).toEqual([])
  })

  it('TrackClick does not warn "never passed the click handler" for a component child that unmounted before the check ran', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper } = setupTracker()
    const Button = (props: { onClick?: () => void }) => (
      <button onClick={props.onClick}>Undo</button>
    )
    const { rerender } = render(
      <TrackClick event="Clicked Undo Toast">
        <Button />
      </TrackClick>,
      { wrapper },
    )
    // a toast that closes within 50 ms of showing (or a route left at once)
    rerender(<></>)
    await act(() => new Promise((r) => setTimeout(r, 100)))
    expect(warnings(warn, 'Clicked Undo Toast')).toEqual([])
  })
})

describe('TrackClick as a slot', () => {
  /** A parent that clones its child to add props, as Radix `asChild` triggers do. */
  function Trigger({ children, onKeyDown }: { children: ReactElement; onKeyDown: () => void }) {
    return cloneElement(children, { onKeyDown, 'data-state': 'closed' } as object)
  }

  it("a parent's handler still reaches the child when the child's own handler prop is null", async () => {
    const { wrapper } = setupTracker()
    const opened = vi.fn()
    render(
      <Trigger onKeyDown={opened}>
        <TrackClick event="Opened Menu">
          {/* a conditional handler: `onKeyDown={enabled ? onKey : null}` */}
          <button onKeyDown={null as unknown as undefined}>Menu</button>
        </TrackClick>
      </Trigger>,
      { wrapper },
    )
    fireEvent.keyDown(screen.getByRole('button', { name: 'Menu' }), { key: 'ArrowDown' })
    // Radix Slot uses the slot's handler when the child's is null; TrackClick drops it
    expect(opened).toHaveBeenCalledOnce()
  })
})

describe('rage clicks heard twice', () => {
  it('useRageClicks() under a provider with rageClicks records each burst once, not once per watcher', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    try {
      const { tracker, events } = setupTracker()
      function Checkout() {
        useRageClicks() // a page that opts in, under an app-wide provider that already does
        return <button data-track-id="pay">Pay</button>
      }
      const add = vi.spyOn(document, 'addEventListener')
      render(
        <TrackingProvider tracker={tracker} rageClicks>
          <Checkout />
        </TrackingProvider>,
      )
      await vi.waitFor(() =>
        expect(add.mock.calls.filter((c) => c[0] === 'click').length).toBeGreaterThanOrEqual(2),
      )
      const pay = screen.getByRole('button', { name: 'Pay' })
      for (let i = 0; i < 4; i++) {
        act(() => vi.advanceTimersByTime(150))
        fireEvent.click(pay, { clientX: 10, clientY: 10, detail: 1 })
      }
      act(() => vi.advanceTimersByTime(1500))
      vi.useRealTimers()
      const rage = (await events()).filter((e) => e.event === 'Rage Clicked')
      expect(rage).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })
})
