/** How visible an element must be: IntersectionObserver's `threshold` and `rootMargin`. */
export interface VisibilityOptions {
  /** Share of the element (or of the viewport, for one taller than it) that must be visible. */
  threshold: number
  rootMargin?: string | undefined
}

/** An option IntersectionObserver refused, and what was observed instead. */
export type RefusedOption = (message: string, cause?: unknown) => void

const DEFAULT_THRESHOLD = 0.5

/** How often an element in view but not shown (opacity 0, `visibility: hidden`) is looked at again. */
const RECHECK_MS = 250

/**
 * Whether the element can be seen at all: IntersectionObserver reports geometry only, and a
 * faded-out carousel slide or a drawer kept with `visibility: hidden` intersects like a shown
 * one. Where `checkVisibility` does not exist (jsdom, older browsers) the geometry decides.
 */
const shown = (element: Element): boolean =>
  typeof element.checkVisibility !== 'function' ||
  element.checkVisibility({ opacityProperty: true, visibilityProperty: true })

/**
 * A `rootMargin` as IntersectionObserver takes it. CSS lets a length of 0 go without a unit
 * and people write margins the CSS way (`'0 0 -20% 0'`), which the constructor refuses
 * ("must be specified in pixels or percent"): a bare number is read as pixels.
 */
function observerMargin(rootMargin: string | undefined): string | undefined {
  const margins = typeof rootMargin === 'string' ? rootMargin.trim() : ''
  if (!margins) return undefined
  return margins
    .split(/\s+/)
    .map((margin) => (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(margin) ? `${margin}px` : margin))
    .join(' ')
}

/** IntersectionObserver's thresholds: every tenth, the one asked for, and `extra` if any. */
const steps = (threshold: number, extra?: number): number[] =>
  [
    ...new Set([
      ...Array.from({ length: 11 }, (_, tenths) => tenths / 10),
      threshold,
      ...(extra === undefined ? [] : [extra]),
    ]),
  ].sort((a, b) => a - b)

/**
 * For an element taller than the viewport: the share of the element at which it covers
 * `threshold` of the viewport. An element 10× the viewport's height never crosses 0.1 again
 * once inside it, so this ratio must be a threshold of its own.
 */
const coverRatio = (
  threshold: number,
  elementHeight: number,
  viewportHeight: number,
): number | undefined =>
  elementHeight > viewportHeight && viewportHeight > 0
    ? Math.min(1, Math.max(0.0001, (threshold * viewportHeight) / elementHeight - 0.0001))
    : undefined

/**
 * Calls `show` once `target` can be seen, looking every 250 ms; returns the stop. A fade
 * changes no geometry, so IntersectionObserver says nothing more about an element in view.
 */
function lookUntilShown(target: Element, show: () => void): () => void {
  const timer = setInterval(() => {
    if (shown(target)) show()
  }, RECHECK_MS)
  return () => clearInterval(timer)
}

/** What to tell `onError` when IntersectionObserver's constructor throws, with a margin or without. */
const constructorRefusal = (rootMargin: string | undefined, error: unknown): string =>
  process.env.NODE_ENV === 'production'
    ? rootMargin === undefined
      ? 'IntersectionObserver'
      : 'rootMargin'
    : rootMargin === undefined
      ? `TrackView: IntersectionObserver refused to start (${String(error)}); nothing is observed.`
      : `TrackView: rootMargin "${rootMargin}" was refused (${String(error)}); it was observed without one. Write lengths in px or %, e.g. '0px 0px -20% 0px'.`

/**
 * The options as IntersectionObserver takes them: a threshold outside 0–1 is told to
 * `refused` and 0.5 used; a rootMargin of another type than string or number is told and left
 * out. Plain JavaScript passes numbers too: one number is a margin in pixels on every side.
 */
function checkedOptions(
  options: VisibilityOptions,
  refused: RefusedOption,
): { threshold: number; rootMargin: string | undefined } {
  let threshold = options.threshold
  if (!(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) {
    refused(
      process.env.NODE_ENV !== 'production'
        ? `TrackView: threshold must be a number from 0 to 1, got ${String(threshold)}; ${DEFAULT_THRESHOLD} was used.`
        : 'threshold',
    )
    threshold = DEFAULT_THRESHOLD
  }
  const given: unknown = options.rootMargin
  const rootMargin =
    typeof given === 'number' && Number.isFinite(given)
      ? `${given}px`
      : observerMargin(options.rootMargin)
  if (rootMargin === undefined && given != null && typeof given !== 'string') {
    refused(
      process.env.NODE_ENV !== 'production'
        ? `TrackView: rootMargin must be a string such as '0px 0px -20% 0px', got ${typeof given}; it was observed without one.`
        : 'rootMargin',
    )
  }
  return { threshold, rootMargin }
}

/**
 * Calls `visible` once, when `target` is visible enough; returns the disconnect. Needs
 * IntersectionObserver. Never throws: an option it refuses is told to `refused` and observed
 * without (threshold 0.5, no margin); a constructor that refuses everything, too, and then
 * nothing is observed.
 */
export function observeVisibility(
  target: Element,
  options: VisibilityOptions,
  visible: () => void,
  refused: RefusedOption,
): () => void {
  const checked = checkedOptions(options, refused)
  const { threshold } = checked
  let { rootMargin } = checked
  let observer: IntersectionObserver | undefined
  let cover: number | undefined
  let stopLooking: (() => void) | undefined
  const stopRecheck = (): void => {
    stopLooking?.()
    stopLooking = undefined
  }
  const seen = (): void => {
    stopRecheck()
    observer?.disconnect()
    visible()
  }
  const onEntries = (entries: IntersectionObserverEntry[]): void => {
    for (const entry of entries) {
      const viewport = entry.rootBounds
      const coversViewport =
        viewport !== null &&
        viewport.height > 0 &&
        entry.intersectionRect.height >= viewport.height * threshold
      if (entry.isIntersecting && (entry.intersectionRatio >= threshold || coversViewport)) {
        // in view but not seen (opacity 0, visibility: hidden): look until it shows or leaves
        if (shown(target)) seen()
        else stopLooking ??= lookUntilShown(target, seen)
        return
      }
      stopRecheck()
      // taller than the viewport: watch for the ratio at which it covers enough of it
      const needed =
        viewport && entry.boundingClientRect
          ? coverRatio(threshold, entry.boundingClientRect.height, viewport.height)
          : undefined
      if (needed !== undefined && needed !== cover) {
        cover = needed
        observe()
        return
      }
    }
  }
  const observe = (): void => {
    observer?.disconnect()
    observer = undefined
    try {
      observer = new IntersectionObserver(onEntries, {
        threshold: steps(threshold, cover),
        ...(rootMargin ? { rootMargin } : {}),
      })
    } catch (error) {
      refused(
        constructorRefusal(rootMargin === undefined ? undefined : options.rootMargin, error),
        error,
      )
      // without the margin once more; without anything to leave out, nothing is observed
      if (rootMargin === undefined) return
      rootMargin = undefined
      observe()
      return
    }
    observer.observe(target)
  }
  // an element taller than the viewport gets its cover ratio from the observer's first entry,
  // which it sends on observing
  observe()
  return () => {
    stopRecheck()
    observer?.disconnect()
  }
}
