import { act, render } from '@testing-library/react'
import { createRef, StrictMode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TrackingProvider, TrackView } from 'trackplan'
import { setupTracker } from './utils'

/**
 * jsdom has no layout, so no IntersectionObserver: this one is driven by the test, the way a
 * browser drives the real one (threshold crossings reported with ratios).
 */
class DrivenObserver {
  static instances: DrivenObserver[] = []
  readonly targets: Element[] = []
  disconnected = false
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options: IntersectionObserverInit = {},
  ) {
    DrivenObserver.instances.push(this)
  }
  observe(target: Element) {
    this.targets.push(target)
  }
  unobserve() {}
  disconnect() {
    this.disconnected = true
  }
  takeRecords() {
    return []
  }
  /** Shows the target at `ratio` of its own size, in a viewport of `viewportHeight` px for a target `height` px tall. */
  show(ratio: number, height = 100, viewportHeight = 800) {
    const entry = {
      target: this.targets[0]!,
      isIntersecting: ratio > 0,
      intersectionRatio: ratio,
      intersectionRect: { height: height * ratio } as DOMRectReadOnly,
      rootBounds: { height: viewportHeight } as DOMRectReadOnly,
    } as IntersectionObserverEntry
    act(() => this.callback([entry], this as unknown as IntersectionObserver))
  }
}

const live = () => DrivenObserver.instances.filter((o) => !o.disconnected)

afterEach(() => {
  vi.unstubAllGlobals()
  DrivenObserver.instances = []
})

describe('TrackView', () => {
  it('fires once when half the child is visible, adding no DOM and keeping the child ref', async () => {
    vi.stubGlobal('IntersectionObserver', DrivenObserver)
    const { wrapper, events } = setupTracker()
    const ref = createRef<HTMLElement>()
    const { container } = render(
      <TrackView event="Viewed Pricing Table" properties={{ rows: 3 }}>
        <section ref={ref} id="table">
          table
        </section>
      </TrackView>,
      { wrapper },
    )
    expect(container.innerHTML).toBe('<section id="table">table</section>')
    expect(ref.current?.id).toBe('table')
    const [observer] = live()
    expect(observer!.targets[0]).toBe(ref.current)
    expect(observer!.options.threshold).toContain(0.5)
    observer!.show(0.2)
    expect(await events()).toEqual([])
    observer!.show(0.6)
    observer!.show(1)
    const tracked = await events()
    expect(tracked.map((e) => [e.event, e.properties])).toEqual([
      ['Viewed Pricing Table', { rows: 3 }],
    ])
    expect(observer!.disconnected).toBe(true)
  })

  it('counts a child taller than the viewport as seen once it fills half the viewport', async () => {
    vi.stubGlobal('IntersectionObserver', DrivenObserver)
    const { wrapper, events } = setupTracker()
    render(
      <TrackView event="Viewed Article">
        <article>long</article>
      </TrackView>,
      { wrapper },
    )
    live()[0]!.show(0.2, 3000, 800)
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Article'])
  })

  it('honours a custom threshold', async () => {
    vi.stubGlobal('IntersectionObserver', DrivenObserver)
    const { wrapper, events } = setupTracker()
    render(
      <TrackView event="Viewed Footer" threshold={1}>
        <footer>f</footer>
      </TrackView>,
      { wrapper },
    )
    live()[0]!.show(0.9)
    expect(await events()).toEqual([])
    live()[0]!.show(1)
    expect(await events()).toHaveLength(1)
  })

  it('fires once under StrictMode, whose effects run twice', async () => {
    vi.stubGlobal('IntersectionObserver', DrivenObserver)
    const { tracker, events } = setupTracker()
    render(
      <StrictMode>
        <TrackingProvider tracker={tracker}>
          <TrackView event="Viewed Hero">
            <div>hero</div>
          </TrackView>
        </TrackingProvider>
      </StrictMode>,
    )
    for (const observer of live()) observer.show(1)
    for (const observer of live()) observer.show(1)
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Hero'])
  })

  it('fires on mount where IntersectionObserver does not exist', async () => {
    vi.stubGlobal('IntersectionObserver', undefined)
    const { wrapper, events } = setupTracker()
    render(
      <TrackView event="Viewed Hero">
        <div>hero</div>
      </TrackView>,
      { wrapper },
    )
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Hero'])
  })

  it('stops observing on unmount and never fires afterwards', async () => {
    vi.stubGlobal('IntersectionObserver', DrivenObserver)
    const { wrapper, events } = setupTracker()
    const { unmount } = render(
      <TrackView event="Viewed Hero">
        <div>hero</div>
      </TrackView>,
      { wrapper },
    )
    const [observer] = live()
    unmount()
    expect(observer!.disconnected).toBe(true)
    expect(await events()).toEqual([])
  })
})
