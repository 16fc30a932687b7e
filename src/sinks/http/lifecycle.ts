import { hasWindow } from '../../core/env'

/**
 * What the page tells httpSink: it is hidden or going away, it is back, the network went or came.
 */
export interface PageEvents {
  hidden(): void
  /** `pagehide`: gone for good, unless `persisted` (into the back/forward cache). */
  left(persisted: boolean): void
  visible(): void
  offline(): void
  online(): void
}

export const isHidden = (): boolean => hasWindow() && document.visibilityState === 'hidden'

export const startsOffline = (): boolean =>
  hasWindow() && typeof navigator !== 'undefined' && navigator.onLine === false

/**
 * Listens to the page lifecycle: `visibilitychange` to hidden (the last moment a request surely
 * leaves on mobile), `pagehide`, back to visible (or `pageshow`), `offline` and `online`. Returns the
 * unlisten function; nothing happens where there is no page (Node).
 */
export function watchPage(handlers: PageEvents): () => void {
  if (!hasWindow()) return () => {}
  const unlisteners: (() => void)[] = []
  const listen = (target: EventTarget, type: string, listener: (event: Event) => void): void => {
    target.addEventListener(type, listener)
    unlisteners.push(() => target.removeEventListener(type, listener))
  }
  listen(window, 'pagehide', (event) =>
    handlers.left((event as PageTransitionEvent).persisted === true),
  )
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
