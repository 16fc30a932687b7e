/**
 * Calls `callback` when the page is hidden or left (`pagehide`, or `visibilitychange` to
 * hidden): the last moment an event surely leaves. Returns the function that stops listening.
 */
export function onPageHidden(callback: () => void): () => void {
  if (typeof window === 'undefined') return () => {}
  const onHide = (): void => callback()
  const onVisibility = (): void => {
    if (document.visibilityState === 'hidden') callback()
  }
  window.addEventListener('pagehide', onHide)
  document.addEventListener('visibilitychange', onVisibility)
  return () => {
    window.removeEventListener('pagehide', onHide)
    document.removeEventListener('visibilitychange', onVisibility)
  }
}
