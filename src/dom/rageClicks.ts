import { RAGE_CLICKED } from '../core/builtInNames'
import { devtools } from '../core/devtools'
import type { PropertiesInput } from '../core/types'
import type { EventName } from '../plan/types'
import {
  clickTarget,
  describeTarget,
  isElement,
  isIgnored,
  isInteractive,
  isStepper,
  isTextLike,
} from './elements'
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

const hasOwnText = (element: Element): boolean =>
  Array.from(element.childNodes).some((node) => node.nodeType === 3 && node.textContent!.trim())

/** A double or triple click on text that is not a control selects it: that is reading, not rage. */
function selectsText(e: MouseEvent, element: Element): boolean {
  if (e.detail < 2 || isInteractive(element)) return false
  // a selection, where the browser has one (null in a hidden frame)
  return !!window.getSelection?.()?.toString().trim() || hasOwnText(element)
}

/** What a press was aimed at, or null when repeated presses there are normal use. */
function aimedAt(pressed: Element): Element | null {
  if (isTextLike(pressed) || isIgnored(pressed)) return null
  const aimed = clickTarget(pressed)
  return isTextLike(aimed) || isStepper(aimed) ? null : aimed
}

/** One burst of presses at a time: counted while they come quickly and close together, recorded when they stop. */
interface Burst {
  press(target: Element, x: number, y: number): void
  /** The presses on `target` were text selection after all. */
  forget(target: Element): void
  /** Records the burst when it is rage, and starts afresh. */
  finish(): void
}

function createBurst(track: Track, options: () => RageClickOptions): Burst {
  let target: Element | null = null
  let count = 0
  let lastX = 0
  let lastY = 0
  let lastTime = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const finish = (): void => {
    clearTimeout(timer)
    const { clicks = 3, event = RAGE_CLICKED } = options()
    if (target && count >= clicks)
      track(event, { target: describeTarget(target), clickCount: count })
    target = null
    count = 0
  }

  return {
    press(element, x, y) {
      const { interval = 1000, radius = 30 } = options()
      const now = Date.now()
      const near = Math.hypot(x - lastX, y - lastY) <= radius
      if (element === target && now - lastTime <= interval && near) count++
      else {
        finish()
        target = element
        count = 1
      }
      lastX = x
      lastY = y
      lastTime = now
      clearTimeout(timer)
      timer = setTimeout(finish, interval)
    },
    forget(element) {
      if (element !== target) return
      target = null
      count = 0
    },
    finish,
  }
}

/**
 * How long after a pointer is released a click is still that press's own: a tap's click waits
 * for the tap gesture, and a click the app sends in answer to a press (`input.click()` from a
 * styled upload button) follows it.
 */
const PRESS_CLICK_MS = 1000

/**
 * Each tracker's page watchers, the one that counts last. A page's `useRageClicks()` under
 * `<TrackingProvider rageClicks>` is two watchers of one tracker: both counting would record
 * every burst twice.
 */
const pageWatchers = new WeakMap<object, object[]>()

/**
 * Watches the document for rage clicks: `clicks` or more presses on the same target, each
 * within `interval` ms and `radius` px of the previous one. Records one event per burst, when
 * the burst ends, with `clickCount` and a PII-free `target`: the nearest control or
 * `data-track-id` element around what was pressed. Text inputs, number steppers, selects,
 * text selection and anything under `data-track-ignore` are skipped. While a devtool is
 * installed, it shows the page as tracked (its scope: the whole document). Returns the stop
 * function.
 *
 * A press is counted at `pointerup` (mouse, pen or finger): Chromium sends a disabled control
 * no `click`, but it does send pointer events; a touch that turns into a scroll ends in
 * `pointercancel`, no press. A `click` counts only when no pointer made it: Enter or Space on
 * a control, or a click from code.
 *
 * Of one tracker's watchers, only the newest counts presses; one that `givesWay` (the
 * provider's) counts only when it is alone, so a page's own `useRageClicks(options)` applies
 * its options and scope while it is mounted.
 */
export function watchPageRageClicks(
  track: Track,
  options: () => RageClickOptions,
  tracker: object,
  { givesWay = false }: { givesWay?: boolean } = {},
): () => void {
  const watchers = pageWatchers.get(tracker) ?? []
  pageWatchers.set(tracker, watchers)
  const self = {}
  if (givesWay) watchers.unshift(self)
  else watchers.push(self)
  const inCharge = (): boolean => watchers[watchers.length - 1] === self
  const burst = createBurst(track, options)
  /** When a pointer was last released: the clicks right after are that press's, already counted. */
  let releasedAt = -Infinity

  const onPointerUp = (e: PointerEvent): void => {
    // the main button, and the first finger of a multi-touch
    if (!inCharge() || e.button > 0 || e.isPrimary === false) return
    releasedAt = Date.now()
    // an element of any window (an iframe's node moved into this one)
    const aimed = isElement(e.target) && aimedAt(e.target)
    if (aimed) burst.press(aimed, e.clientX, e.clientY)
  }

  const onClick = (e: MouseEvent): void => {
    const clicked = e.target
    if (!inCharge() || !isElement(clicked)) return
    const aimed = aimedAt(clicked)
    if (!aimed) return
    // the browser tells a multi-click (`detail`) only on the click, after its pointerup counted
    if (selectsText(e, clicked)) return burst.forget(aimed)
    // a pointer's click says so (`pointerType`), or, where a click is still a MouseEvent,
    // follows its pointerup
    const byPointer =
      !!(e as Partial<PointerEvent>).pointerType || Date.now() - releasedAt < PRESS_CLICK_MS
    if (!byPointer) burst.press(aimed, e.clientX, e.clientY)
  }

  document.addEventListener('pointerup', onPointerUp, true)
  document.addEventListener('click', onClick, true)
  // a burst in progress when the page is hidden is recorded now: the page may never run again
  const unwatchPage = onPageHidden(burst.finish)
  const unmount = devtools()?.mount?.(document.documentElement, {
    kind: 'rage',
    events: [options().event ?? RAGE_CLICKED],
    tracker,
  })
  return () => {
    watchers.splice(watchers.indexOf(self), 1)
    document.removeEventListener('pointerup', onPointerUp, true)
    document.removeEventListener('click', onClick, true)
    unwatchPage()
    burst.finish()
    unmount?.()
  }
}
