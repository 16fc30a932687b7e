import { act, render } from '@testing-library/react'
import { createRef, forwardRef, StrictMode, useState, type Ref } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TrackingProvider, TrackView } from 'trackplan'
import { DrivenObserver, liveObservers, StrictObserver } from './observers'
import { setupTracker } from './utils'

const live = liveObservers

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

  it('follows its child to a new DOM node (a placeholder replaced by content) and fires for it', async () => {
    vi.stubGlobal('IntersectionObserver', DrivenObserver)
    const { wrapper, events } = setupTracker()
    let load: (loaded: boolean) => void = () => {}
    const Pricing = forwardRef(function Pricing(_: object, ref: Ref<HTMLElement>) {
      const [loaded, setLoaded] = useState(false)
      load = setLoaded
      return loaded ? (
        <section ref={ref}>prices</section>
      ) : (
        <div ref={ref as Ref<HTMLDivElement>}>loading…</div>
      )
    })
    render(
      <TrackView event="Viewed Pricing Table">
        <Pricing />
      </TrackView>,
      { wrapper },
    )
    const [first] = live()
    expect(first!.targets[0]!.tagName).toBe('DIV')
    act(() => load(true))
    expect(first!.disconnected).toBe(true)
    const [second] = live()
    expect(second!.targets[0]!.tagName).toBe('SECTION')
    second!.show(1)
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Pricing Table'])
  })
})

describe('TrackView counts what can be seen', () => {
  it('an element in view at opacity 0 is viewed when it fades in, not before', async () => {
    vi.stubGlobal('IntersectionObserver', DrivenObserver)
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const { wrapper, events } = setupTracker()
      const ref = createRef<HTMLElement>()
      render(
        <TrackView event="Viewed Slide">
          <section ref={ref}>slide</section>
        </TrackView>,
        { wrapper },
      )
      let faded = true
      // jsdom has no checkVisibility: the browser's answer for a slide at opacity 0, then 1
      ref.current!.checkVisibility = () => !faded
      live()[0]!.show(1)
      vi.advanceTimersByTime(1000)
      expect(await events()).toEqual([])
      faded = false
      vi.advanceTimersByTime(250)
      expect((await events()).map((e) => e.event)).toEqual(['Viewed Slide'])
      // seen once: no more looking
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('TrackView options a browser refuses', () => {
  it('a CSS-style rootMargin without units ("0 0 -20% 0") is read as pixels, not thrown', async () => {
    vi.stubGlobal('IntersectionObserver', StrictObserver)
    const { wrapper, events, errors } = setupTracker()
    const { container } = render(
      <TrackView event="Viewed Footer" rootMargin="0 0 -20% 0">
        <footer>f</footer>
      </TrackView>,
      { wrapper },
    )
    expect(container.innerHTML).toBe('<footer>f</footer>')
    expect(live()[0]!.options.rootMargin).toBe('0px 0px -20% 0px')
    live()[0]!.show(1)
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Footer'])
    expect(errors).toEqual([])
  })

  it('a rootMargin or threshold the browser refuses is reported to onError; the page stays and the view is still tracked', async () => {
    vi.stubGlobal('IntersectionObserver', StrictObserver)
    const { wrapper, events, errors } = setupTracker()
    const { container } = render(
      <>
        <TrackView event="Viewed Footer" rootMargin="bottom 20%">
          <footer>f</footer>
        </TrackView>
        <TrackView event="Viewed Header" threshold={50}>
          <header>h</header>
        </TrackView>
      </>,
      { wrapper },
    )
    expect(container.innerHTML).toBe('<footer>f</footer><header>h</header>')
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['invalid_option', expect.stringContaining('rootMargin')],
      ['invalid_option', expect.stringContaining('threshold')],
    ])
    for (const observer of live()) observer.show(1)
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Footer', 'Viewed Header'])
  })

  it('an IntersectionObserver that throws for any other reason is reported, never thrown into the render', async () => {
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor() {
          throw new Error('blocked by an extension')
        }
      },
    )
    const { wrapper, errors } = setupTracker()
    const { container } = render(
      <TrackView event="Viewed Footer">
        <footer>f</footer>
      </TrackView>,
      { wrapper },
    )
    expect(container.innerHTML).toBe('<footer>f</footer>')
    expect(errors.map((e) => e.code)).toEqual(['invalid_option'])
  })
})
