import type { ReactElement, ReactNode } from 'react'
import { cloneElement, isValidElement, useEffect, useMemo, useRef } from './react'
import { devtools } from '../core/devtools'
import { warnOnce } from '../core/env'
import type { PropertiesInput } from '../core/types'
import type { EventName, PropertiesProp } from '../plan/types'
import { scopedProperties } from './contexts'
import { useLatest } from './hooks'
import { unwrapLazy } from './lazyChild'
import { composeRefs, getElementRef } from './slot'
import { useScopeTrack } from './useScopeTrack'

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
 * For a child taller than the viewport: the share of the child at which it covers
 * `threshold` of the viewport. A child 10× the viewport's height never crosses 0.1 again
 * once inside it, so this ratio must be a threshold of its own.
 */
const coverRatio = (
  threshold: number,
  childHeight: number,
  viewportHeight: number,
): number | undefined =>
  childHeight > viewportHeight && viewportHeight > 0
    ? Math.min(1, Math.max(0.0001, (threshold * viewportHeight) / childHeight - 0.0001))
    : undefined

/**
 * Tracks an event once per mount when its single child becomes visible (IntersectionObserver,
 * threshold 0.5 by default). Where IntersectionObserver does not exist it fires on mount.
 *
 * @example
 * <TrackView event="Viewed Pricing Table"><PriceTable /></TrackView>
 */
export function TrackView<Name extends EventName>(props: TrackViewProps<Name>): ReactNode {
  const { event, threshold = 0.5, rootMargin } = props
  const children = unwrapLazy(props.children) as ReactNode
  const properties = (props as { properties?: PropertiesInput }).properties
  const { track, scope } = useScopeTrack('TrackView')
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
      const envelope = track(latest.current.event, latest.current.properties) as {
        messageId?: string
      } | null
      if (envelope?.messageId && element.current)
        devtools()?.element?.(envelope.messageId, element.current)
    }
    if (typeof IntersectionObserver === 'undefined') {
      fire()
      return
    }
    const target = element.current
    if (!target) {
      if (process.env.NODE_ENV !== 'production')
        warnOnce(
          `<TrackView event="${String(latest.current.event)}">: its child did not give a DOM node to its ref, so nothing is tracked (in production too). Wrap it in an element — <TrackView event="…"><div><PriceTable /></div></TrackView> — or pass the ref on to the component's root element.`,
        )
      return
    }
    let observer: IntersectionObserver | undefined
    let cover: number | undefined
    const observe = (): void => {
      observer?.disconnect()
      observer = new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            const viewport = entry.rootBounds
            const coversViewport =
              viewport !== null &&
              viewport.height > 0 &&
              entry.intersectionRect.height >= viewport.height * threshold
            if (entry.isIntersecting && (entry.intersectionRatio >= threshold || coversViewport)) {
              observer?.disconnect()
              fire()
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
        },
        { threshold: steps(threshold, cover), ...(rootMargin ? { rootMargin } : {}) },
      )
      observer.observe(target)
    }
    cover =
      typeof window === 'undefined'
        ? undefined
        : coverRatio(threshold, target.getBoundingClientRect().height, window.innerHeight)
    observe()
    return () => observer?.disconnect()
  }, [track, latest, threshold, rootMargin])

  useEffect(() => {
    const hook = devtools()
    if (!hook?.mount || !element.current) return
    return hook.mount(element.current, {
      kind: 'view',
      events: [String(latest.current.event)],
      properties: () => scopedProperties(scope, latest.current.properties),
      tracker: scope?.tracker,
    })
  }, [latest, scope])

  if (!isValidElement(children)) {
    if (process.env.NODE_ENV !== 'production')
      warnOnce(
        `<TrackView event="${String(event)}"> needs exactly one element child; its children were rendered untracked.`,
      )
    return children
  }
  return cloneElement(children as ReactElement<{ ref?: unknown }>, { ref })
}
