import { cloneElement, isValidElement, useEffect, useMemo, useRef, type ReactElement, type ReactNode } from 'react'
import { devtools } from '../core/devtools'
import { warnOnce } from '../core/env'
import type { PropertiesInput } from '../core/types'
import type { EventName, PropertiesProp } from '../plan/types'
import { useLatest } from './hooks'
import { composeRefs, getElementRef } from './slot'
import { useTrack } from './useTrack'

export type TrackViewProps<Name extends EventName = EventName> = {
  /** The event recorded once, the first time the child is visible enough. */
  event: Name
  /** Share of the child (or of the viewport, for children taller than it) that must be visible. Default 0.5. */
  threshold?: number
  /** Passed to IntersectionObserver: grow or shrink the viewport, e.g. `'0px 0px -20% 0px'`. */
  rootMargin?: string
  /** A single element that passes its ref to a DOM node; no wrapper DOM is added. */
  children: ReactElement
} & PropertiesProp<Name>

const steps = (threshold: number): number[] =>
  [...new Set([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, threshold])].sort((a, b) => a - b)

/**
 * Tracks an event once per mount when its single child becomes visible (IntersectionObserver,
 * threshold 0.5 by default). Where IntersectionObserver does not exist it fires on mount.
 *
 * @example
 * <TrackView event="Viewed Pricing Table"><PriceTable /></TrackView>
 */
export function TrackView<Name extends EventName>(props: TrackViewProps<Name>): ReactNode {
  const { event, children, threshold = 0.5, rootMargin } = props
  const properties = (props as { properties?: PropertiesInput }).properties
  const track = useTrack() as (event: string, properties?: PropertiesInput) => unknown
  const latest = useLatest({ event, properties })
  const element = useRef<Element | null>(null)
  const fired = useRef(false)
  const childRef = isValidElement(children) ? getElementRef(children) : undefined
  const ref = useMemo(() => composeRefs(childRef, element), [childRef])

  useEffect(() => {
    if (fired.current) return
    const fire = (): void => {
      if (fired.current) return
      fired.current = true
      const envelope = track(latest.current.event, latest.current.properties) as { messageId?: string } | null
      if (envelope?.messageId && element.current) devtools()?.element?.(envelope.messageId, element.current)
    }
    if (typeof IntersectionObserver === 'undefined') {
      fire()
      return
    }
    const target = element.current
    if (!target) {
      if (process.env.NODE_ENV !== 'production') warnOnce(`<TrackView event="${String(latest.current.event)}">: its child did not give a DOM node to its ref (use a DOM element, or a component that forwards its ref); nothing is tracked.`)
      return
    }
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const viewport = entry.rootBounds
          const coversViewport = viewport !== null && viewport.height > 0 && entry.intersectionRect.height >= viewport.height * threshold
          if (entry.isIntersecting && (entry.intersectionRatio >= threshold || coversViewport)) {
            observer.disconnect()
            fire()
            return
          }
        }
      },
      { threshold: steps(threshold), ...(rootMargin ? { rootMargin } : {}) },
    )
    observer.observe(target)
    return () => observer.disconnect()
  }, [track, latest, threshold, rootMargin])

  if (!isValidElement(children)) {
    if (process.env.NODE_ENV !== 'production') warnOnce(`<TrackView event="${String(event)}"> needs exactly one element child; its children were rendered untracked.`)
    return children
  }
  return cloneElement(children as ReactElement<{ ref?: unknown }>, { ref })
}
