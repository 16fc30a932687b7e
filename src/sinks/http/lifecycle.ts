import { hasWindow } from '../../core/env'

/** What the page tells httpSink: it is going away (or hidden), it is back, the network went or came. */
export interface PageEvents {
  hidden(): void
  visible(): void
  offline(): void
  online(): void
}

export const isHidden = (): boolean => hasWindow() && document.visibilityState === 'hidden'

export const startsOffline = (): boolean =>
  hasWindow() && typeof navigator !== 'undefined' && navigator.onLine === false

/**
 * Listens to the page lifecycle: `pagehide` and `visibilitychange` to hidden (the last moment
 * a beacon surely leaves), back to visible (or `pageshow`), `offline` and `online`. Returns the unlisten
 * function; nothing happens where there is no page (Node).
 */
export function watchPage(on: PageEvents): () => void {
  if (!hasWindow()) return () => {}
  const visibility = (): void =>
    document.visibilityState === 'hidden' ? on.hidden() : on.visible()
  const listeners: [EventTarget, string, () => void][] = [
    [window, 'pagehide', on.hidden],
    // back from the back/forward cache
    [window, 'pageshow', on.visible],
    [window, 'offline', on.offline],
    [window, 'online', on.online],
    [document, 'visibilitychange', visibility],
  ]
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener)
  return () => {
    for (const [target, type, listener] of listeners) target.removeEventListener(type, listener)
  }
}
