import type { ForwardedRef, MouseEvent, ReactElement, ReactNode } from 'react'
import { cloneElement, forwardRef, isValidElement, useContext, useMemo } from 'react'
import { devtools, TRACKED_ELEMENT, type TrackedClick } from '../core/devtools'
import { warnOnce } from '../core/env'
import type { PropertiesInput } from '../core/types'
import type { EventName, PropertiesProp } from '../plan/types'
import { ScopeContext, scopedProperties } from './contexts'
import { detachedTracker } from './useScopeTrack'
import { unwrapLazy } from './lazyChild'
import { composeRefs, getElementRef } from './slot'
import { markWired, useWiringCheck, wiredEvents } from './wiringCheck'

export type TrackClickProps<Name extends EventName = EventName> = {
  /** The event recorded on each click. */
  event: Name
  /** A single element; it gets the click handler, keeps its own, and no wrapper DOM is added. */
  children: ReactElement
} & PropertiesProp<Name, MouseEvent<Element>>

type ClickHandler = (e: MouseEvent<Element>) => void
type Props = Record<string, unknown>

const isHandler = (key: string): boolean => /^on[A-Z]/.test(key)

/**
 * The props a parent cloned into TrackClick (Radix `asChild`/Slot, tooltip and menu triggers,
 * `next/link`), merged onto the child's as Radix Slot merges them: the child's value wins,
 * except that handlers both run (the child's first), styles merge and class names join.
 */
function injectedProps(injected: Props, child: Props): Props {
  const merged: Props = {}
  for (const key of Object.keys(injected)) {
    const theirs = injected[key]
    const own = child[key]
    // as Radix Slot: a child's null handler (`onKeyDown={enabled ? fn : null}`) is no handler
    if (own === undefined || (own === null && isHandler(key))) merged[key] = theirs
    else if (isHandler(key) && typeof own === 'function' && typeof theirs === 'function')
      merged[key] = (...args: unknown[]): unknown => {
        const result: unknown = (own as (...a: unknown[]) => unknown)(...args)
        ;(theirs as (...a: unknown[]) => unknown)(...args)
        return result
      }
    else if (key === 'style' && typeof own === 'object' && typeof theirs === 'object')
      merged[key] = { ...theirs, ...own }
    else if (key === 'className' && typeof own === 'string' && typeof theirs === 'string')
      merged[key] = `${theirs} ${own}`
  }
  return merged
}

/**
 * Tracks clicks on its single child without adding DOM. It is transparent: every prop and the
 * ref a parent injects (Radix `asChild`, `next/link`) reach the child. On a click the child's
 * own `onClick` runs first (a click it `preventDefault`s is still tracked), then the event is
 * recorded, then an injected `onClick` — so nested TrackClicks record innermost first.
 * `properties` may be a function of the click.
 *
 * @example
 * <TrackClick event="Viewed Pricing" properties={{ plan: 'pro' }}>
 *   <button>See plans</button>
 * </TrackClick>
 */
function TrackClickWithRef(
  props: TrackClickProps & { properties?: unknown },
  forwardedRef: ForwardedRef<unknown>,
): ReactNode {
  const {
    event,
    properties,
    children: given,
    ...injected
  } = props as TrackClickProps & {
    properties?: PropertiesInput | ((e: MouseEvent<Element>) => PropertiesInput)
  } & Props
  const children = unwrapLazy(given) as ReactNode
  const element = isValidElement(children) ? children : null
  // the context directly, not useTrack(): few hooks, on a component apps render by the thousand
  const scope = useContext(ScopeContext)
  const tracker = scope?.tracker ?? detachedTracker('TrackClick')
  // stable while its parts are: a parent whose ref sets state (Headless UI's buttons) would
  // otherwise be detached and attached again on every commit, and render without end
  const childRef = element ? getElementRef(element) : undefined
  const ref = useMemo(
    () => (forwardedRef ? composeRefs(childRef, forwardedRef) : undefined),
    [childRef, forwardedRef],
  )
  // a build-time constant: the hook runs in every render of a development build, in none of a
  // production one; a component child may drop the handler, so development checks it reached the DOM
  if (process.env.NODE_ENV !== 'production')
    // eslint-disable-next-line react-hooks/rules-of-hooks -- see above
    useWiringCheck(String(event), !!element && typeof element.type !== 'string')
  if (!element) {
    if (process.env.NODE_ENV !== 'production')
      warnOnce(
        `<TrackClick event="${String(event)}"> needs exactly one element child (a <button>, a <Link>, …); its children were rendered untracked.`,
      )
    return children
  }
  const childProps = element.props as Props
  const childOnClick = childProps.onClick as ClickHandler | undefined
  const parentOnClick = injected.onClick as ClickHandler | undefined
  const onClick = (e: MouseEvent<Element>): void => {
    try {
      childOnClick?.(e)
    } finally {
      let resolved: PropertiesInput | undefined
      try {
        resolved = typeof properties === 'function' ? properties(e) : properties
      } catch (error) {
        if (process.env.NODE_ENV !== 'production')
          warnOnce(
            `<TrackClick event="${String(event)}">: its properties function threw (${String(error)}); the click was tracked without them.`,
          )
      }
      tracker.track(event, scopedProperties(scope, resolved))
    }
    // as Radix Slot does: a parent's handler runs after the child's, unless the child threw
    parentOnClick?.(e)
  }
  // a devtool's "show tracked elements" finds the element this handler reaches, and reads what it is here
  if (devtools()) (onClick as TrackedClick)[TRACKED_ELEMENT] = [event, properties, scope]
  // the development wiring check finds this handler on the DOM by the events it records
  if (process.env.NODE_ENV !== 'production')
    markWired(onClick, [String(event), ...wiredEvents(parentOnClick)])
  const overrides: Props = { ...injectedProps(injected, childProps), onClick }
  if (ref) overrides.ref = ref
  return cloneElement(element, overrides)
}
TrackClickWithRef.displayName = 'TrackClick'

// forwardRef: React 18 gives a function component no ref a parent clones in (Radix asChild)
export const TrackClick = forwardRef(TrackClickWithRef) as unknown as <Name extends EventName>(
  props: TrackClickProps<Name>,
) => ReactNode
