// The mount contestants, one definition for both benches (jsdom in Node, and the Chromium
// page): 5,000 buttons plain, each inside a component that does nothing (the floor for any
// per-button component), under trackplan's TrackClick, and under react-tracking.

export const BUTTONS = 5000

/** The three apps, and `mountOnce(App)`: ms to render and commit one (flushSync), after a GC when exposed. */
export function mountContestants({
  React,
  createRoot,
  flushSync,
  trackplan,
  useTracking,
  tracker,
}) {
  const h = React.createElement
  const items = Array.from({ length: BUTTONS }, (_, i) => i)
  function RTButton({ i }) {
    const { trackEvent } = useTracking()
    return h('button', { onClick: () => trackEvent({ event: 'Clicked Button', i }) }, `Button ${i}`)
  }
  // the floor for any tracking done by a component per button: one that does nothing but render its child
  const Wrapper = ({ children }) => children
  const apps = {
    plain: () =>
      h(
        'div',
        null,
        items.map((i) => h('button', { key: i, onClick: () => {} }, `Button ${i}`)),
      ),
    wrapper: () =>
      h(
        'div',
        null,
        items.map((i) => h(Wrapper, { key: i }, h('button', { onClick: () => {} }, `Button ${i}`))),
      ),
    trackplan: () =>
      h(
        trackplan.TrackingProvider,
        { tracker, properties: { app: 'bench' } },
        items.map((i) =>
          h(
            trackplan.TrackClick,
            { key: i, event: 'Clicked Button', properties: { i } },
            h('button', null, `Button ${i}`),
          ),
        ),
      ),
    'react-tracking': function ReactTrackingApp() {
      const { Track } = useTracking({ app: 'bench' }, { dispatch: () => {} })
      return h(
        Track,
        null,
        items.map((i) => h(RTButton, { key: i, i })),
      )
    },
  }
  const mountOnce = (App) => {
    globalThis.gc?.()
    const container = document.createElement('div')
    document.body.appendChild(container)
    const root = createRoot(container)
    const start = performance.now()
    flushSync(() => root.render(h(App)))
    const elapsed = performance.now() - start
    flushSync(() => root.unmount())
    container.remove()
    return elapsed
  }
  return { apps, mountOnce }
}
