// Browser APIs jsdom lacks, as the React tests stand them in.
import { act } from '@testing-library/react'
import { vi } from 'vitest'

/**
 * jsdom has no layout, so no IntersectionObserver: this one is driven by the test, the way a
 * browser drives the real one (threshold crossings reported with ratios).
 */
export class DrivenObserver {
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

/** The driven observers not disconnected yet. */
export const liveObservers = () => DrivenObserver.instances.filter((o) => !o.disconnected)

/**
 * IntersectionObserver's constructor as browsers implement it: the rootMargin is converted to
 * a string and refused without units; a threshold outside 0–1 is refused.
 */
export class StrictObserver extends DrivenObserver {
  constructor(callback: IntersectionObserverCallback, options: IntersectionObserverInit = {}) {
    const margins = String(options.rootMargin ?? '0px')
      .trim()
      .split(/\s+/)
    if (margins.length > 4 || !margins.every((m) => /^-?(\d+\.?\d*|\.\d+)(px|%)$/.test(m)))
      throw new DOMException('rootMargin must be specified in pixels or percent.', 'SyntaxError')
    const thresholds = ([] as number[]).concat(options.threshold ?? 0)
    if (thresholds.some((t) => !(t >= 0 && t <= 1)))
      throw new RangeError('Threshold values must be numbers between 0 and 1')
    super(callback, options)
  }
}

/** Radix's popper and controls measure themselves; jsdom has no ResizeObserver. */
export function stubResizeObserver(): void {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  )
}
