import { RAGE_CLICKED } from '../core/builtInNames'
import { devtools } from '../core/devtools'
import type { PropertiesInput } from '../core/types'
import type { EventName } from '../plan/types'
import { clickTarget, describeTarget, isIgnored, isInteractive, isTextLike } from './elements'
import { onPageHidden } from './pageHidden'

export { RAGE_CLICKED }

export interface RageClickOptions {
  /** Clicks in a burst that make it rage. Default 3. */
  clicks?: number
  /** Most milliseconds between one click and the next. Default 1000. */
  interval?: number
  /** Most pixels between one click and the next. Default 30. */
  radius?: number
  /** The event recorded. Default `'Rage Clicked'`. */
  event?: EventName
}

type Track = (event: string, properties: PropertiesInput) => void

const hasOwnText = (element: Element): boolean => {
  for (const node of Array.from(element.childNodes))
    if (node.nodeType === 3 && node.textContent!.trim() !== '') return true
  return false
}

/**
 * Watches the document for rage clicks: `clicks` or more clicks on the same target, each
 * within `interval` ms and `radius` px of the previous one. Records one event per burst, when
 * the burst ends, with `clickCount` and a PII-free `target`: the nearest control or
 * `data-track-id` element around what was clicked. Text inputs, number steppers, selects,
 * text selection and anything under `data-track-ignore` are skipped. Returns the stop function.
 */
export function watchRageClicks(track: Track, options: () => RageClickOptions): () => void {
  let target: Element | null = null
  let count = 0
  let lastX = 0
  let lastY = 0
  let lastTime = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const finish = (): void => {
    clearTimeout(timer)
    timer = undefined
    const { clicks = 3, event = RAGE_CLICKED } = options()
    if (target && count >= clicks)
      track(event, { target: describeTarget(target), clickCount: count })
    target = null
    count = 0
  }

  /** A double or triple click on text that is not a control selects it: that is reading, not rage. */
  const selectsText = (e: MouseEvent, element: Element): boolean => {
    if (e.detail < 2 || isInteractive(element)) return false
    const selection = typeof window.getSelection === 'function' ? window.getSelection() : null
    return (selection !== null && selection.toString().trim() !== '') || hasOwnText(element)
  }

  /** What a click was aimed at, or null when repeated clicks there are normal use. */
  const aimedAt = (clicked: Element): Element | null => {
    if (isTextLike(clicked) || isIgnored(clicked)) return null
    const aimed = clickTarget(clicked)
    return isTextLike(aimed) ? null : aimed
  }

  const onClick = (e: MouseEvent): void => {
    if (!(e.target instanceof Element)) return
    const element = aimedAt(e.target)
    if (!element) return
    if (selectsText(e, e.target)) {
      if (element === target) {
        target = null
        count = 0
      }
      return
    }
    const { interval = 1000, radius = 30 } = options()
    const now = Date.now()
    const near = Math.hypot(e.clientX - lastX, e.clientY - lastY) <= radius
    if (element === target && now - lastTime <= interval && near) count++
    else {
      finish()
      target = element
      count = 1
    }
    lastX = e.clientX
    lastY = e.clientY
    lastTime = now
    clearTimeout(timer)
    timer = setTimeout(finish, interval)
  }

  document.addEventListener('click', onClick, true)
  // a burst in progress when the page is hidden is recorded now: the page may never run again
  const unwatchPage = onPageHidden(finish)
  return () => {
    document.removeEventListener('click', onClick, true)
    unwatchPage()
    finish()
  }
}

/** Watches the page for rage clicks and, while a devtool is installed, shows the page as tracked (its scope: the whole document). */
export function watchPageRageClicks(
  track: Track,
  options: () => RageClickOptions,
  tracker: object,
): () => void {
  const unwatch = watchRageClicks(track, options)
  const unmount = devtools()?.mount?.(document.documentElement, {
    kind: 'rage',
    events: [options().event ?? RAGE_CLICKED],
    tracker,
  })
  return () => {
    unwatch()
    unmount?.()
  }
}
