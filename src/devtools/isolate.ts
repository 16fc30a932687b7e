// Keeps the app's own overlays (a modal dialog, a popover, a focus trap, a scroll lock) from
// taking the devtools for "outside": they listen on the document, where an event from inside
// the shadow root arrives retargeted to the host — an element outside them. Decision 0095.

/**
 * Events a page's document listeners use to dismiss, trap, block scrolling or take shortcuts;
 * they stop at the shadow root.
 */
const STOPPED = [
  'pointerdown',
  'mousedown',
  'touchstart',
  'touchmove',
  'touchend',
  'click',
  'contextmenu',
  'wheel',
  'focusin',
  'focusout',
  'keydown',
  'keyup',
]

/** Attributes an app's modal puts on the body's other children (aria-hidden's `hideOthers`, `inert`). */
const HIDING = ['aria-hidden', 'inert']

/**
 * Isolates the devtools' shadow root from the page's listeners; returns the undo.
 *
 * - Every interaction in the shadow root stops propagating at the shadow root, after the
 *   panel's own React root (in it) has handled it: document listeners in the bubble phase
 *   (Radix's `pointerdown`/`focusin` "outside", react-remove-scroll's `wheel`, hotkeys) never
 *   hear it.
 * - `focusout` of an app element whose focus goes into the devtools stops at `window` in the
 *   capture phase: a focus trap (Radix `FocusScope`) reads its `relatedTarget` (the host) as
 *   outside and takes the focus back.
 * - `keydown` from the shadow root is seen first at `window` in the capture phase (before the
 *   document's capture listeners, Radix's Escape among them) by `onKey`; Escape stops there.
 * - `aria-hidden` or `inert` put on the host by someone else (a modal hiding the rest of the
 *   page) is taken off: the devtools are not part of the app it hides.
 */
export function isolate(
  host: HTMLElement,
  shadow: ShadowRoot,
  onKey: (e: KeyboardEvent, inside: boolean) => void,
): () => void {
  const stop = (e: Event): void => e.stopPropagation()
  for (const type of STOPPED) shadow.addEventListener(type, stop, { passive: true })

  const inside = (e: Event): boolean => e.composedPath().includes(host)
  const onFocusOut = (e: FocusEvent): void => {
    if (e.relatedTarget === host && !inside(e)) e.stopPropagation()
  }
  const onKeyDown = (e: KeyboardEvent): void => onKey(e, inside(e))
  addEventListener('focusout', onFocusOut, true)
  addEventListener('keydown', onKeyDown, true)

  const unhide = (): void => {
    for (const name of HIDING) if (host.hasAttribute(name)) host.removeAttribute(name)
  }
  const observer = new MutationObserver(unhide)
  observer.observe(host, { attributes: true, attributeFilter: HIDING })
  unhide()

  return () => {
    for (const type of STOPPED) shadow.removeEventListener(type, stop)
    removeEventListener('focusout', onFocusOut, true)
    removeEventListener('keydown', onKeyDown, true)
    observer.disconnect()
  }
}
