// "Show tracked elements": outlines every tracked element on the page with a badge of its
// event, coloured by what the plan says of it. Plain DOM on top of the page (one fixed,
// click-through layer): no wrapper, no style or layout change to what is tracked. Off, it
// costs nothing: no timer, no listener, no scan.
import { TRACKED_ELEMENT, type TrackedClick, type TrackedElement } from '../core/devtools'
import type { EventChecker } from '../core/createTracker'
import type { PropertiesInput, TrackedEvent, Violation } from '../core/types'
import { planChecker } from '../core/planChecker'
import type { EventSpec, TrackingPlan } from '../plan/types'
import { scopedProperties, type Scope } from '../react/contexts'
import { fieldName, isSensitiveField } from '../dom/elements'

export type ElementStatus = 'planned' | 'unplanned' | 'breaks' | 'no plan'

/** Colours of the statuses (the panel's hues): solid, for outlines and badges. */
export const STATUS_COLOURS: Record<ElementStatus, string> = {
  planned: 'rgb(26, 127, 55)',
  unplanned: 'rgb(130, 80, 223)',
  breaks: 'rgb(207, 34, 46)',
  'no plan': 'rgb(87, 96, 106)',
}

/** What a tracker told the devtools hook about itself. */
export interface TrackerInfo {
  plan?: TrackingPlan
  properties?: PropertiesInput
}

export interface ElementReport {
  status: ElementStatus
  /** Properties sent as of now (tracker → provider → scopes → own); `undefined`: computed at event time. */
  properties: PropertiesInput | undefined
  problems: string[]
  /** The plan's word on each event: its description and required properties. */
  planned: { event: string; description?: string; required: string[] }[]
}

// violations that say the event is not the plan's; the others say its properties break it
const UNPLANNED = new Set<Violation['kind']>(['unplanned', 'duplicate'])
const checkers = new WeakMap<object, EventChecker | null>()

function checkerOf(plan: TrackingPlan): EventChecker | null {
  let checker = checkers.get(plan)
  if (checker === undefined) {
    // its own compiled checker: the overlay's names never count as the tracker's
    checker = planChecker(plan) ?? null
    checkers.set(plan, checker)
  }
  return checker
}

/** What the plan says of a tracked element, from what it would send now. */
export function reportOn(what: TrackedElement, tracker: TrackerInfo | undefined): ElementReport {
  const own = what.properties?.()
  const properties = own === undefined ? undefined : { ...tracker?.properties, ...own }
  const plan = tracker?.plan
  const planned = what.events.map((event) => {
    const spec = plan?.events[event] as EventSpec | undefined
    const required = Object.entries(spec?.properties ?? {})
      .filter(([, p]) => '~standard' in p || p.required === true)
      .map(([name]) => name)
    return { event, ...(spec?.description ? { description: spec.description } : {}), required }
  })
  const checker = plan ? checkerOf(plan) : null
  if (!checker) return { status: 'no plan', properties, problems: [], planned }
  let status: ElementStatus = 'planned'
  const problems: string[] = []
  for (const event of what.events) {
    const envelope = {
      type: 'track',
      event,
      properties: properties ?? {},
    } as unknown as TrackedEvent
    // a form or a computed click adds properties when it fires: only what is known now counts
    const atEventTime = properties === undefined || what.kind === 'form'
    for (const v of checker(envelope)) {
      if (v.kind === 'naming' || (atEventTime && v.kind === 'missing')) continue
      problems.push(v.message)
      if (UNPLANNED.has(v.kind)) status = 'unplanned'
      else if (status === 'planned') status = 'breaks'
    }
  }
  return { status, properties, problems, planned }
}

const css = (element: HTMLElement, style: Partial<CSSStyleDeclaration>): void =>
  void Object.assign(element.style, style)

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

/** Where each tracked element is: views, forms and the rage-click scope say so; clicks are found by their handler. */
export interface Registry {
  mounted: Map<Element, Set<TrackedElement>>
  trackers: WeakMap<object, TrackerInfo>
}

interface Entry {
  element: Element
  what: TrackedElement
  /** A field of a tracked form: its name. */
  field?: string
}

const clicks = new WeakMap<object, TrackedElement>()

/** What a TrackClick's handler says of itself, as a tracked element (one per handler, kept). */
export function clickOf(onClick: TrackedClick | undefined): TrackedElement | undefined {
  const marked = onClick?.[TRACKED_ELEMENT]
  if (!marked) return undefined
  let what = clicks.get(onClick)
  if (!what) {
    const [event, properties, scope] = marked as [string, unknown, Scope | null]
    what = {
      kind: 'click',
      events: [String(event)],
      properties: () =>
        typeof properties === 'function'
          ? undefined
          : scopedProperties(scope, properties as PropertiesInput | undefined),
      tracker: scope?.tracker,
    }
    clicks.set(onClick, what)
  }
  return what
}

function entries(registry: Registry): Entry[] {
  const out: Entry[] = []
  for (const [element, set] of registry.mounted) {
    if (!element.isConnected) continue
    for (const what of set) {
      out.push({ element, what })
      if (what.kind !== 'form') continue
      for (const field of Array.from(element.querySelectorAll('input, select, textarea'))) {
        const type = (field as HTMLInputElement).type
        if (type === 'hidden' || type === 'submit' || type === 'button' || type === 'reset')
          continue
        out.push({ element: field, what, field: fieldName(field) })
      }
    }
  }
  // React keeps each DOM element's props on the node: the handlers TrackClick gave out
  for (const node of Array.from(document.body.querySelectorAll('*'))) {
    for (const key of Object.keys(node)) {
      if (!key.startsWith('__reactProps$')) continue
      const what = clickOf(
        (node as unknown as Record<string, { onClick?: TrackedClick } | undefined>)[key]?.onClick,
      )
      if (what) out.push({ element: node, what })
    }
  }
  return out
}

const show = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))

function fieldValue(
  field: Element,
  captureValues: readonly string[] | undefined,
  name: string,
): string {
  if (isSensitiveField(field)) return 'value: never sent (a secret field)'
  return captureValues?.includes(name) ? 'value: sent (listed in captureValues)' : 'value: not sent'
}

/** The hover card: properties it sends, what the plan says, and any problem. */
function details(entry: Entry, report: ElementReport): string[] {
  const lines: string[] = []
  if (entry.field !== undefined)
    lines.push(
      `field "${entry.field}" of a tracked form`,
      fieldValue(entry.element, entry.what.captureValues, entry.field),
    )
  lines.push(`${entry.what.kind}: ${entry.what.events.join(', ')}`, `status: ${report.status}`)
  if (report.properties === undefined) lines.push('sends: properties computed when it fires')
  else {
    const props = Object.entries(report.properties)
    lines.push(
      props.length
        ? `sends: ${props.map(([k, v]) => `${k}=${show(v)}`).join(' · ')}`
        : 'sends: no properties',
    )
  }
  for (const p of report.planned) {
    if (p.description) lines.push(`${p.event}: ${p.description}`)
    if (p.required.length) lines.push(`${p.event} requires: ${p.required.join(', ')}`)
  }
  for (const problem of report.problems) lines.push(`⚠ ${problem}`)
  return lines
}

interface Drawn {
  box: HTMLDivElement
  badge: HTMLDivElement
  name: HTMLSpanElement
  card: HTMLDivElement
  text: string
}

/** One element's outline and badge (its hover card inside), appended to the overlay's layer. */
function makeDrawn(layer: HTMLDivElement): Drawn {
  const box = document.createElement('div')
  css(box, {
    position: 'absolute',
    boxSizing: 'border-box',
    borderRadius: '3px',
    pointerEvents: 'none',
  })
  const badge = document.createElement('div')
  css(badge, {
    position: 'absolute',
    font: '600 11px/16px system-ui, sans-serif',
    color: '#fff',
    padding: '0 6px',
    borderRadius: '8px',
    whiteSpace: 'nowrap',
    pointerEvents: 'auto',
    cursor: 'default',
  })
  const card = document.createElement('div')
  card.setAttribute('data-trackplan-details', '')
  card.setAttribute('role', 'tooltip')
  css(card, {
    display: 'none',
    position: 'absolute',
    top: '18px',
    left: '0',
    minWidth: '220px',
    maxWidth: '360px',
    whiteSpace: 'normal',
    font: '12px/17px system-ui, sans-serif',
    color: '#1f2328',
    background: '#fff',
    border: '1px solid #d0d7de',
    borderRadius: '6px',
    padding: '8px 10px',
    boxShadow: '0 4px 12px rgba(0,0,0,0.15)',
    zIndex: '1',
  })
  const name = document.createElement('span')
  badge.append(name, card)
  badge.addEventListener('mouseenter', () => (card.style.display = 'block'))
  badge.addEventListener('mouseleave', () => (card.style.display = 'none'))
  layer.append(box, badge)
  return { box, badge, name, card, text: '' }
}

/** Puts an element's outline and badge where the element is now (the whole page for rage clicks), in its status's colour, with its card's text. */
function place(item: Drawn, entry: Entry, report: ElementReport): void {
  const colour = STATUS_COLOURS[report.status]
  const page = entry.what.kind === 'rage'
  const rect = page
    ? { top: 0, left: 0, width: innerWidth, height: innerHeight }
    : entry.element.getBoundingClientRect()
  const label =
    entry.field !== undefined
      ? `field: ${entry.field}`
      : page
        ? `${entry.what.events[0]} (whole page)`
        : entry.what.kind === 'form'
          ? `form: ${entry.what.events.join(' · ')}`
          : entry.what.events[0]!
  css(item.box, {
    top: `${rect.top}px`,
    left: `${rect.left}px`,
    width: `${rect.width}px`,
    height: `${rect.height}px`,
    border: `2px ${entry.field !== undefined || page ? 'dashed' : 'solid'} ${colour}`,
  })
  css(
    item.badge,
    page
      ? { top: '2px', right: '2px', left: '', background: colour }
      : {
          top: `${Math.max(0, rect.top - 16)}px`,
          left: `${rect.left}px`,
          right: '',
          background: colour,
        },
  )
  item.badge.setAttribute(
    'data-trackplan-badge',
    entry.field !== undefined ? `field:${entry.field}` : entry.what.events[0]!,
  )
  item.badge.setAttribute('data-status', report.status)
  item.badge.setAttribute('aria-label', `${label}: ${report.status}`)
  const text = details(entry, report).join('\n')
  if (text !== item.text) {
    item.text = text
    item.name.textContent = label
    item.card.replaceChildren(
      ...text
        .split('\n')
        .map((line) => Object.assign(document.createElement('div'), { textContent: line })),
    )
  }
}

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
    for (const entry of entries(registry)) {
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
      } else {
        clearInterval(timer)
        removeEventListener('scroll', draw, true)
        layer?.remove()
        layer = null
        drawn.clear()
      }
    },
    /** Redraw now (after a story renders). */
    refresh: draw,
  }
}
