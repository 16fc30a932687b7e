import type { ForwardedRef, MouseEvent, ReactElement, ReactNode } from 'react'
import { cloneElement, forwardRef, isValidElement, useContext } from 'react'
import { devtools, TRACKED_ELEMENT, type TrackedClick } from '../core/devtools'
import { warnOnce } from '../core/env'
import type { PropertiesInput } from '../core/types'
import type { EventName, PropertiesProp } from '../plan/types'
import { ScopeContext, scopedProperties } from './contexts'
import { detachedTracker } from './useScopeTrack'
import { unwrapLazy } from './lazyChild'
import { composeRefs, getElementRef } from './slot'
import { expectWired, wiredEvents } from './wiringCheck'

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
    if (own === undefined) merged[key] = theirs
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
  // the context directly, not useTrack(): one hook, on a component apps render by the thousand
  const scope = useContext(ScopeContext)
  const tracker = scope?.tracker ?? detachedTracker('TrackClick')
  if (!isValidElement(children)) {
    if (process.env.NODE_ENV !== 'production')
      warnOnce(
        `<TrackClick event="${String(event)}"> needs exactly one element child (a <button>, a <Link>, …); its children were rendered untracked.`,
      )
    return children
  }
  const childProps = children.props as Props
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
  // a component child may drop the handler: development checks that it reached the DOM
  if (process.env.NODE_ENV !== 'production')
    expectWired(
      onClick,
      [String(event), ...wiredEvents(parentOnClick)],
      typeof children.type !== 'string',
    )
  const overrides: Props = { ...injectedProps(injected, childProps), onClick }
  if (forwardedRef) overrides.ref = composeRefs(getElementRef(children), forwardedRef)
  return cloneElement(children, overrides)
}
TrackClickWithRef.displayName = 'TrackClick'

// forwardRef: React 18 gives a function component no ref a parent clones in (Radix asChild)
export const TrackClick = forwardRef(TrackClickWithRef) as unknown as <Name extends EventName>(
  props: TrackClickProps<Name>,
) => ReactNode
