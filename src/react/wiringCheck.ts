import { warnOnce } from '../core/env'

// Development only: `<TrackClick><MyButton /></TrackClick>` tracks nothing when MyButton
// does not pass `onClick` on to a DOM element. React keeps each DOM element's props on the
// node (`__reactProps$…`), so one scan of the document after the render finds the handlers
// that reached the DOM; the event names whose handler never did are warned about once.

const WIRED = '__trackplanClick'
const pending = new Set<string>()
let timer: ReturnType<typeof setTimeout> | undefined

/**
 * Marks a handler TrackClick gives its child with the events it records (its own, and those
 * of the TrackClicks around it whose handlers it calls), and, for a component child, asks for
 * a check that it reached the DOM.
 */
export function expectWired<F extends object>(
  handler: F,
  events: readonly string[],
  check: boolean,
): F {
  ;(handler as Record<string, unknown>)[WIRED] = events
  if (!check || typeof document === 'undefined') return handler
  for (const event of events) pending.add(event)
  timer ??= setTimeout(scan, 50)
  return handler
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

function warnUnwired(): void {
  const wired = new Set<string>()
  for (const node of Array.from(document.querySelectorAll('*'))) {
    for (const key in node) {
      if (!key.startsWith('__reactProps$')) continue
      const onClick = (
        node as unknown as Record<string, { onClick?: Record<string, unknown> } | undefined>
      )[key]?.onClick
      for (const event of wiredEvents(onClick)) wired.add(event)
    }
  }
  for (const event of pending) {
    if (!wired.has(event)) {
      warnOnce(
        `<TrackClick event="${event}">: its child never passed the click handler on to a DOM element, so clicks are not tracked. Spread the props onto the element ({ onClick, ...rest } → <button onClick={onClick} {...rest}>), or wrap the child in one: <TrackClick event="${event}"><span><MyButton /></span></TrackClick>.`,
      )
    }
  }
}
