import { hasWindow } from '../../core/env'

/**
 * What the page tells httpSink: it is hidden or going away, it is back, the network went or came.
 */
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
 * a beacon surely leaves), back to visible (or `pageshow`), `offline` and `online`. Returns the
 * unlisten function; nothing happens where there is no page (Node).
 */
export function watchPage(handlers: PageEvents): () => void {
  if (!hasWindow()) return () => {}
  const unlisteners: (() => void)[] = []
  const listen = (target: EventTarget, type: string, listener: () => void): void => {
    target.addEventListener(type, listener)
    unlisteners.push(() => target.removeEventListener(type, listener))
  }
  listen(window, 'pagehide', handlers.hidden)
  // back from the back/forward cache
  listen(window, 'pageshow', handlers.visible)
  listen(window, 'offline', handlers.offline)
  listen(window, 'online', handlers.online)
  listen(document, 'visibilitychange', () =>
    document.visibilityState === 'hidden' ? handlers.hidden() : handlers.visible(),
  )
  return () => {
    for (const unlisten of unlisteners) unlisten()
  }
}
