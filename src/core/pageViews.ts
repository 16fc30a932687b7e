import { hasWindow } from './env'

type HistoryListener = () => void

// One patch of the History API per window, whoever asks: every listener hears every change.
const HUB = Symbol.for('trackplan.history')

function onHistoryChange(listener: HistoryListener): () => void {
  const w = window as unknown as { [HUB]?: Set<HistoryListener> }
  let hub = w[HUB]
  if (!hub) {
    const listeners = (hub = w[HUB] = new Set())
    const notify = (): void => {
      for (const l of listeners) {
        try {
          l()
        } catch {
          // a listener never breaks navigation
        }
      }
    }
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method]
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args)
        notify()
        return result
      }
    }
    addEventListener('popstate', notify)
  }
  hub.add(listener)
  return () => void hub.delete(listener)
}

// the last page each tracker recorded a view of: a remount (StrictMode) or a second caller does not repeat it
const lastViewed = new WeakMap<object, string>()

/**
 * Records a page view now and after every navigation through the History API (`pushState`,
 * `replaceState`, back and forward) — the App Router, React Router, TanStack Router, any
 * SPA. Once per URL change (path and query; a hash change is not a page view), a tick after
 * the change so that the new page's title is in the context. Returns the stop function.
 *
 * @example
 * const stop = trackPageViews(tracker)
 */
export function trackPageViews(tracker: { page(): unknown }): () => void {
  if (!hasWindow()) return () => {}
  let timer: ReturnType<typeof setTimeout> | undefined
  const view = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      const key = location.pathname + location.search
      if (lastViewed.get(tracker) === key) return
      lastViewed.set(tracker, key)
      tracker.page()
    }, 0)
  }
  view()
  const off = onHistoryChange(view)
  return () => {
    clearTimeout(timer)
    off()
  }
}
