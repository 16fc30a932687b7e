// The outline of the element an event came from: drawn while its event is selected or hovered
// in the panel.
import { css } from './css'

/**
 * Outlines `element` (the one an event came from) in `parent` — a page's body, a devtool's
 * shadow root — in page coordinates; returns the outline, to remove it.
 */
export function drawOutline(
  element: Element,
  parent: ParentNode,
  messageId: string,
): HTMLDivElement {
  const rect = element.getBoundingClientRect()
  const box = document.createElement('div')
  box.setAttribute('data-trackplan-outline', messageId)
  css(box, {
    position: 'absolute',
    top: `${rect.top + scrollY - 3}px`,
    left: `${rect.left + scrollX - 3}px`,
    width: `${rect.width + 6}px`,
    height: `${rect.height + 6}px`,
    outline: '3px solid #ff4785',
    borderRadius: '4px',
    pointerEvents: 'none',
    zIndex: '2147483647',
  })
  parent.append(box)
  return box
}
