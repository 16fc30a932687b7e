import type { MutableRefObject, ReactElement, ReactNode, RefObject } from 'react'
import { cloneElement, isValidElement, useEffect, useMemo, useRef } from 'react'
import { devtools } from '../core/devtools'
import { warnOnce } from '../core/env'
import type { PropertiesInput } from '../core/types'
import type { EventName, PropertiesProp } from '../plan/types'
import { observeVisibility, type VisibilityOptions } from '../dom/visibility'
import { scopedProperties, type Scope } from './contexts'
import { useLatest } from './hooks'
import { unwrapLazy } from './lazyChild'
import { composeRefs, getElementRef } from './slot'
import { useScopeTrack, type ScopeTrack } from './useScopeTrack'

export type TrackViewProps<Name extends EventName = EventName> = {
  /** The event recorded once, the first time the child is visible enough. */
  event: Name
  /**
   * Share of the child (or of the viewport, for children taller than it) that must be visible.
   * Default 0.5.
   */
  threshold?: number
  /** Passed to IntersectionObserver: grow or shrink the viewport, e.g. `'0px 0px -20% 0px'`. */
  rootMargin?: string
  /** A single element that passes its ref to a DOM node; no wrapper DOM is added. */
  children: ReactElement
} & PropertiesProp<Name>

/** The latest event and properties, read when the child becomes visible. */
type LatestView = MutableRefObject<{ event: EventName; properties: PropertiesInput | undefined }>

/** Tracks the latest event once per mount, when `element` is visible enough. */
function useTrackWhenVisible(
  element: RefObject<Element | null>,
  latest: LatestView,
  track: ScopeTrack,
  { threshold, rootMargin }: VisibilityOptions,
): void {
  const fired = useRef(false)
  useEffect(() => {
    if (fired.current) return
    const fire = (): void => {
      if (fired.current) return
      fired.current = true
      const envelope = track(String(latest.current.event), latest.current.properties)
      if (envelope && element.current) devtools()?.element?.(envelope.messageId, element.current)
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
    return observeVisibility(target, { threshold, rootMargin }, fire)
  }, [element, track, latest, threshold, rootMargin])
}

/** With a devtool installed, the element tells it what it tracks (for "show tracked elements"). */
function useShowToDevtools(
  element: RefObject<Element | null>,
  latest: LatestView,
  scope: Scope | null,
): void {
  useEffect(() => {
    const hook = devtools()
    if (!hook?.mount || !element.current) return
    return hook.mount(element.current, {
      kind: 'view',
      events: [String(latest.current.event)],
      properties: () => scopedProperties(scope, latest.current.properties),
      tracker: scope?.tracker,
    })
  }, [element, latest, scope])
}

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
  const childRef = isValidElement(children) ? getElementRef(children) : undefined
  const ref = useMemo(() => composeRefs(childRef, element), [childRef])
  useTrackWhenVisible(element, latest, track, { threshold, rootMargin })
  useShowToDevtools(element, latest, scope)

  if (!isValidElement(children)) {
    if (process.env.NODE_ENV !== 'production')
      warnOnce(
        `<TrackView event="${String(event)}"> needs exactly one element child; its children were rendered untracked.`,
      )
    return children
  }
  return cloneElement(children as ReactElement<{ ref?: unknown }>, { ref })
}
