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

const TITLE_WAIT = 500

/**
 * Records a page view now and after every navigation through the History API (`pushState`,
 * `replaceState`, back and forward) — the App Router, React Router, TanStack Router, any
 * SPA. Once per URL change (path and query; a hash change is not a page view), once the new
 * page has its title (up to half a second: a page may share its title with the last one).
 * Returns the stop function.
 *
 * @example
 * const stop = trackPageViews(tracker)
 */
export function trackPageViews(tracker: { page(): unknown }): () => void {
  if (!hasWindow()) return () => {}
  let timer: ReturnType<typeof setTimeout> | undefined
  let title = document.title
  const view = (): void => {
    clearTimeout(timer)
    const key = location.pathname + location.search
    if (lastViewed.get(tracker) === key) return
    const since = Date.now()
    // the router renders the new page after the URL changes, and a streaming one (next dev)
    // sets its title later still: wait for a new title, up to TITLE_WAIT ms
    const settle = (): void => {
      if (location.pathname + location.search !== key || lastViewed.get(tracker) === key) return
      const next = lastViewed.has(tracker) // the first view is of a page already rendered, title and all
      if (
        next &&
        (document.title === '' || document.title === title) &&
        Date.now() - since < TITLE_WAIT
      ) {
        timer = setTimeout(settle, 25)
        return
      }
      lastViewed.set(tracker, key)
      title = document.title
      tracker.page()
    }
    timer = setTimeout(settle, 0)
  }
  view()
  const off = onHistoryChange(view)
  return () => {
    clearTimeout(timer)
    off()
  }
}
