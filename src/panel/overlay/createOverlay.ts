// "Show tracked elements": outlines every tracked element on the page with a badge of its
// event, coloured by what the plan says of it. Plain DOM on top of the page (one fixed layer,
// click-through everywhere, badges included): no wrapper, no style or layout change to what is
// tracked. Off, it costs nothing: no timer, no listener, no scan.
import { isOnBadge, makeDrawn, place, showCard, type Drawn } from './badge'
import { css } from './css'
import { findTracked } from './findTracked'
import { reportOn } from './reportOn'
import type { Registry } from './types'

/**
 * The overlay over `document`: `show(true)` draws and keeps it current; `show(false)` removes
 * every trace. Drawn into `container` (default `document.body`; the in-app devtools pass their shadow root).
 */
export function createOverlay(
  registry: Registry,
  container: () => ParentNode = () => document.body,
  refreshMs = 250,
) {
  let layer: HTMLDivElement | null = null
  let timer: ReturnType<typeof setInterval> | undefined
  const drawn = new Map<string, Drawn>()
  const ids = new WeakMap<Element, number>()
  let nextId = 0
  const idOf = (element: Element): number => {
    let id = ids.get(element)
    if (id === undefined) ids.set(element, (id = nextId++))
    return id
  }

  const draw = (): void => {
    if (!layer) return
    const seen = new Set<string>()
    for (const entry of findTracked(registry)) {
      const key = `${idOf(entry.element)}:${entry.what.kind}:${entry.what.events[0]}`
      if (seen.has(key)) continue
      seen.add(key)
      const report = reportOn(
        entry.what,
        entry.what.tracker ? registry.trackers.get(entry.what.tracker) : undefined,
      )
      const item = drawn.get(key) ?? makeDrawn(layer)
      drawn.set(key, item)
      place(item, entry, report)
    }
    for (const [key, item] of drawn) {
      if (seen.has(key)) continue
      item.box.remove()
      item.badge.remove()
      drawn.delete(key)
    }
  }

  // a badge takes no pointer event (the app gets them all): its card shows while the pointer
  // is over it, found by position; the last badge drawn there is the one on top
  const pointAt = (e: PointerEvent): void => {
    let over: Drawn | undefined
    for (const item of drawn.values()) if (isOnBadge(item, e.clientX, e.clientY)) over = item
    for (const item of drawn.values()) showCard(item, item === over)
  }
  const listening = { capture: true, passive: true } as const

  return {
    show(on: boolean): void {
      if (on === (layer !== null)) return
      if (on) {
        layer = document.createElement('div')
        layer.setAttribute('data-trackplan-overlay', '')
        css(layer, { position: 'fixed', inset: '0', pointerEvents: 'none', zIndex: '2147483646' })
        container().append(layer)
        draw()
        // the story re-renders, scrolls, resizes: redrawn a few times a second while on
        timer = setInterval(draw, refreshMs)
        addEventListener('scroll', draw, true)
        addEventListener('pointermove', pointAt, listening)
      } else {
        clearInterval(timer)
        removeEventListener('scroll', draw, true)
        removeEventListener('pointermove', pointAt, listening)
        layer?.remove()
        layer = null
        drawn.clear()
      }
    },
    /** Redraw now (after a story renders). */
    refresh: draw,
  }
}
