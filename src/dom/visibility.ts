/** How visible an element must be: IntersectionObserver's `threshold` and `rootMargin`. */
export interface VisibilityOptions {
  /** Share of the element (or of the viewport, for one taller than it) that must be visible. */
  threshold: number
  rootMargin?: string | undefined
}

const steps = (threshold: number, extra?: number): number[] =>
  [
    ...new Set([
      0,
      0.1,
      0.2,
      0.3,
      0.4,
      0.5,
      0.6,
      0.7,
      0.8,
      0.9,
      1,
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
 * Calls `visible` once, when `target` is visible enough; returns the disconnect. Needs
 * IntersectionObserver, and throws what its constructor throws (an option it refuses).
 */
export function observeVisibility(
  target: Element,
  { threshold, rootMargin }: VisibilityOptions,
  visible: () => void,
): () => void {
  let observer: IntersectionObserver | undefined
  let cover: number | undefined
  const onEntries = (entries: IntersectionObserverEntry[]): void => {
    for (const entry of entries) {
      const viewport = entry.rootBounds
      const coversViewport =
        viewport !== null &&
        viewport.height > 0 &&
        entry.intersectionRect.height >= viewport.height * threshold
      if (entry.isIntersecting && (entry.intersectionRatio >= threshold || coversViewport)) {
        observer?.disconnect()
        visible()
        return
      }
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
    observer = new IntersectionObserver(onEntries, {
      threshold: steps(threshold, cover),
      ...(rootMargin ? { rootMargin } : {}),
    })
    observer.observe(target)
  }
  cover =
    typeof window === 'undefined'
      ? undefined
      : coverRatio(threshold, target.getBoundingClientRect().height, window.innerHeight)
  observe()
  return () => observer?.disconnect()
}
