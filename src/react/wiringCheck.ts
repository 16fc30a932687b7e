import { useEffect } from 'react'
import { warnOnce } from '../core/env'

// Development only: `<TrackClick><MyButton /></TrackClick>` tracks nothing when MyButton
// does not pass `onClick` on to a DOM element. React keeps each DOM element's props on the
// node (`__reactProps$…`), so one scan of the document after the render finds the handlers
// that reached the DOM — directly, or wrapped by a component's own handler, which leaves
// TrackClick's on a component above the element (`__reactFiber$…`, walked up) — and the
// event names whose handler did neither are warned about once. A component that takes
// onClick and calls something else from the DOM is not caught: a warning must never be false.

const WIRED = '__trackplanClick'
/** The events of the TrackClicks mounted since the last scan whose child is a component. */
const pending = new Map<object, string>()
let timer: ReturnType<typeof setTimeout> | undefined

/**
 * Marks a handler TrackClick gives its child with the events it records: its own, and those
 * of the TrackClicks around it whose handlers it calls.
 */
export function markWired<F extends object>(handler: F, events: readonly string[]): F {
  ;(handler as Record<string, unknown>)[WIRED] = events
  return handler
}

/**
 * For a component child: once mounted — not at render, which a suspended or discarded tree
 * never commits — asks for a check that the handler reached the DOM; an unmount before the
 * check withdraws it. Development only.
 */
export function useWiringCheck(event: string, check: boolean): void {
  useEffect(() => {
    if (!check || typeof document === 'undefined') return
    const mount = {}
    pending.set(mount, event)
    timer ??= setTimeout(scan, 50)
    return () => void pending.delete(mount)
  }, [event, check])
}

/** The events a handler given by a TrackClick records, if it is one. */
export function wiredEvents(handler: unknown): readonly string[] {
  const events = (handler as Record<string, unknown> | undefined)?.[WIRED]
  return Array.isArray(events) ? (events as string[]) : []
}

function scan(): void {
  timer = undefined
  // a timer may outlive its page (a torn-down test environment): a check never throws
  try {
    if (typeof document !== 'undefined') warnUnwired()
  } catch {
    // a document that cannot be walked: nothing to say
  }
  pending.clear()
}

/** A React fiber, as far as this check reads it: who rendered it, and its props. */
interface Fiber {
  return: Fiber | null
  memoizedProps?: { onClick?: unknown } | null
}

function warnUnwired(): void {
  const wired = new Set<string>()
  for (const node of Array.from(document.querySelectorAll('*'))) {
    let onClick: unknown
    let fiber: Fiber | null = null
    for (const key in node) {
      const value = (node as unknown as Record<string, unknown>)[key]
      if (key.startsWith('__reactProps$'))
        onClick = (value as { onClick?: unknown } | undefined)?.onClick
      else if (key.startsWith('__reactFiber$')) fiber = value as Fiber
    }
    if (onClick === undefined) continue
    const direct = wiredEvents(onClick)
    for (const event of direct) wired.add(event)
    if (direct.length > 0) continue
    // a component that calls TrackClick's handler from its own (next/link, a design system's
    // Button) puts its own on the DOM: TrackClick's is then on a component above this node
    for (let above = fiber?.return ?? null; above; above = above.return)
      for (const event of wiredEvents(above.memoizedProps?.onClick)) wired.add(event)
  }
  for (const event of new Set(pending.values())) {
    if (!wired.has(event)) {
      warnOnce(
        `<TrackClick event="${event}">: its child never passed the click handler on to a DOM element, so clicks are not tracked. Spread the props onto the element ({ onClick, ...rest } → <button onClick={onClick} {...rest}>), or wrap the child in one: <TrackClick event="${event}"><span><MyButton /></span></TrackClick>.`,
      )
    }
  }
}
