import type { MutableRefObject, ReactElement, ReactNode } from 'react'
import { cloneElement, isValidElement, useCallback, useEffect, useMemo, useRef } from 'react'
import { devtools } from '../core/devtools'
import { warnOnce } from '../core/env'
import { reportTo, TrackplanError } from '../core/TrackplanError'
import type { PropertiesInput } from '../core/types'
import type { EventName, PropertiesProp } from '../plan/types'
import { observeVisibility } from '../dom/visibility'
import { scopedProperties } from './contexts'
import { useLatest } from './hooks'
import { unwrapLazy } from './lazyChild'
import { composeRefs, getElementRef } from './slot'
import { useScopeTrack } from './useScopeTrack'

export type TrackViewProps<Name extends EventName = EventName> = {
  /** The event recorded once, the first time the child is visible enough. */
  event: Name
  /**
   * Share of the child (or of the viewport, for children taller than it) that must be visible.
   * Default 0.5.
   */
  threshold?: number
  /**
   * Passed to IntersectionObserver: grow or shrink the viewport, e.g. `'0px 0px -20% 0px'`
   * (a bare number is read as pixels). One the browser refuses goes to `onError`.
   */
  rootMargin?: string
  /** A single element that passes its ref to a DOM node; no wrapper DOM is added. */
  children: ReactElement
} & PropertiesProp<Name>

/** The latest event and properties, read when the child becomes visible. */
type LatestView = MutableRefObject<{ event: EventName; properties: PropertiesInput | undefined }>

/** What a TrackView keeps across renders: whether it fired, and the node it watches now. */
interface Watch {
  fired: boolean
  node: Element | null
  /** Stops observing `node` and tells devtools it is gone. */
  stop: () => void
  /** What was reported to `onError` already: once per mount, though StrictMode attaches twice. */
  reported: Set<string>
}

const idle = (): void => {}

/** How long after mounting a child may take to give its DOM node before development warns. */
const NODE_GRACE_MS = 1000

/**
 * Tracks an event once per mount when its single child becomes visible (IntersectionObserver,
 * threshold 0.5 by default). Where IntersectionObserver does not exist it fires on mount. It
 * watches the node its child's ref reaches, and follows it when the child swaps it for another
 * (a placeholder replaced by content).
 *
 * @example
 * <TrackView event="Viewed Pricing Table"><PriceTable /></TrackView>
 */
export function TrackView<Name extends EventName>(props: TrackViewProps<Name>): ReactNode {
  const { event, threshold = 0.5, rootMargin } = props
  const children = unwrapLazy(props.children) as ReactNode
  const properties = (props as { properties?: PropertiesInput }).properties
  const { track, scope, tracker } = useScopeTrack('TrackView')
  const latest: LatestView = useLatest({ event, properties })
  const watch = useRef<Watch>({ fired: false, node: null, stop: idle, reported: new Set() })

  const fire = useCallback((): void => {
    const state = watch.current
    if (state.fired) return
    state.fired = true
    const envelope = track(String(latest.current.event), latest.current.properties)
    if (envelope && state.node) devtools()?.element?.(envelope.messageId, state.node)
  }, [track, latest])

  // a ref callback, not an effect: React calls it whenever the child's node changes, also
  // when only the child re-rendered; it is called with null when the node goes
  const follow = useCallback(
    (node: Element | null): void => {
      const state = watch.current
      state.stop()
      state.stop = idle
      state.node = node
      if (!node) return
      const refused = (message: string, cause?: unknown): void => {
        if (state.reported.has(message)) return
        state.reported.add(message)
        reportTo(tracker, new TrackplanError('invalid_option', message, { cause }))
      }
      const unobserve =
        !state.fired && typeof IntersectionObserver !== 'undefined'
          ? observeVisibility(node, { threshold, rootMargin }, fire, refused)
          : undefined
      const unmount = devtools()?.mount?.(node, {
        kind: 'view',
        events: [String(latest.current.event)],
        properties: () => scopedProperties(scope, latest.current.properties),
        tracker: scope?.tracker,
      })
      state.stop = () => {
        unobserve?.()
        unmount?.()
      }
    },
    [tracker, threshold, rootMargin, fire, latest, scope],
  )

  const childRef = isValidElement(children) ? getElementRef(children) : undefined
  const ref = useMemo(() => composeRefs(childRef, follow), [childRef, follow])

  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') {
      fire()
      return
    }
    if (process.env.NODE_ENV === 'production') return
    // a child may give its node a moment later (a client-only wrapper, a lazy part of it)
    const check = setTimeout(() => {
      if (!watch.current.node && !watch.current.fired)
        warnOnce(
          `<TrackView event="${String(latest.current.event)}">: its child gave no DOM node to its ref within ${NODE_GRACE_MS} ms of mounting, so nothing is tracked until it does (in production too). Wrap it in an element — <TrackView event="…"><div><PriceTable /></div></TrackView> — or pass the ref on to the component's root element.`,
        )
    }, NODE_GRACE_MS)
    return () => clearTimeout(check)
  }, [fire, latest])

  if (!isValidElement(children)) {
    if (process.env.NODE_ENV !== 'production')
      warnOnce(
        `<TrackView event="${String(event)}"> needs exactly one element child; its children were rendered untracked.`,
      )
    return children
  }
  return cloneElement(children as ReactElement<{ ref?: unknown }>, { ref })
}
