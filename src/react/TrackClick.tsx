import type { MouseEvent, ReactElement, ReactNode } from 'react'
import { cloneElement, isValidElement, useContext } from 'react'
import { devtools, TRACKED_ELEMENT, type TrackedClick } from '../core/devtools'
import { warnOnce } from '../core/env'
import type { PropertiesInput } from '../core/types'
import type { EventName, PropertiesProp } from '../plan/types'
import { ScopeContext, scopedProperties } from './contexts'
import { detachedTracker } from './useScopeTrack'
import { unwrapLazy } from './lazyChild'
import { expectWired } from './wiringCheck'

export type TrackClickProps<Name extends EventName = EventName> = {
  /** The event recorded on each click. */
  event: Name
  /** A single element; it gets the click handler, keeps its own, and no wrapper DOM is added. */
  children: ReactElement
} & PropertiesProp<Name, MouseEvent<Element>>

/**
 * Tracks clicks on its single child without adding DOM: it composes the child's `onClick`
 * (the child's handler runs first; a click it `preventDefault`s is still tracked) and keeps
 * its `ref`. `properties` may be a function of the click.
 *
 * @example
 * <TrackClick event="Viewed Pricing" properties={{ plan: 'pro' }}>
 *   <button>See plans</button>
 * </TrackClick>
 */
export function TrackClick<Name extends EventName>(props: TrackClickProps<Name>): ReactNode {
  const { event, properties } = props as TrackClickProps<Name> & {
    properties?: PropertiesInput | ((e: MouseEvent<Element>) => PropertiesInput)
  }
  const children = unwrapLazy(props.children) as ReactNode
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
  const childOnClick = (children.props as { onClick?: (e: MouseEvent<Element>) => void }).onClick
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
  }
  // a devtool's "show tracked elements" finds the element this handler reaches, and reads what it is here
  if (devtools()) (onClick as TrackedClick)[TRACKED_ELEMENT] = [event, properties, scope]
  // a component child may drop the handler: development checks that it reached the DOM
  if (process.env.NODE_ENV !== 'production' && typeof children.type !== 'string')
    expectWired(onClick, String(event))
  return cloneElement(children as ReactElement<{ onClick?: (e: MouseEvent<Element>) => void }>, {
    onClick,
  })
}
