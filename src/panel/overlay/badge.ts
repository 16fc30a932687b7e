// One tracked element as the overlay draws it: an outline and a badge of its event, coloured
// by its status, with a hover card of what it sends and what the plan says. None of it takes
// a click: badges are drawn over the page, often over a neighbour of their element, and the
// app must get every click (the overlay shows a card by where the pointer is instead).
import { isSensitiveField } from '../../dom/elements'
import { css } from './css'
import type { ElementReport, ElementStatus, OverlayEntry } from './types'

/** Colours of the statuses (the panel's hues): solid, for outlines and badges. */
export const STATUS_COLOURS: Record<ElementStatus, string> = {
  planned: 'rgb(26, 127, 55)',
  unplanned: 'rgb(130, 80, 223)',
  breaks: 'rgb(207, 34, 46)',
  'no plan': 'rgb(87, 96, 106)',
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
function details(entry: OverlayEntry, report: ElementReport): string[] {
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

export interface Drawn {
  box: HTMLDivElement
  badge: HTMLDivElement
  name: HTMLSpanElement
  card: HTMLDivElement
  text: string
}

/** One element's outline and badge (its hover card inside), appended to the overlay's layer. */
export function makeDrawn(layer: HTMLDivElement): Drawn {
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
    pointerEvents: 'none',
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
  layer.append(box, badge)
  return { box, badge, name, card, text: '' }
}

/** Whether the point (viewport coordinates) is on the badge itself, its card aside. */
export function isOnBadge(item: Drawn, x: number, y: number): boolean {
  const { left, right, top, bottom } = item.badge.getBoundingClientRect()
  return x >= left && x < right && y >= top && y < bottom
}

/** Shows or hides the badge's card. */
export function showCard(item: Drawn, shown: boolean): void {
  item.card.style.display = shown ? 'block' : 'none'
}

/** Puts an element's outline and badge where the element is now (the whole page for rage clicks), in its status's colour, with its card's text. */
export function place(item: Drawn, entry: OverlayEntry, report: ElementReport): void {
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
