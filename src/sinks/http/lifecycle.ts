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

interface Listener {
  target: EventTarget
  type: string
  listener: () => void
}

/**
 * Listens to the page lifecycle: `pagehide` and `visibilitychange` to hidden (the last moment
 * a beacon surely leaves), back to visible (or `pageshow`), `offline` and `online`. Returns the
 * unlisten function; nothing happens where there is no page (Node).
 */
export function watchPage(handlers: PageEvents): () => void {
  if (!hasWindow()) return () => {}
  const visibility = (): void =>
    document.visibilityState === 'hidden' ? handlers.hidden() : handlers.visible()
  const listeners: Listener[] = [
    { target: window, type: 'pagehide', listener: handlers.hidden },
    // back from the back/forward cache
    { target: window, type: 'pageshow', listener: handlers.visible },
    { target: window, type: 'offline', listener: handlers.offline },
    { target: window, type: 'online', listener: handlers.online },
    { target: document, type: 'visibilitychange', listener: visibility },
  ]
  for (const { target, type, listener } of listeners) target.addEventListener(type, listener)
  return () => {
    for (const { target, type, listener } of listeners) target.removeEventListener(type, listener)
  }
}
