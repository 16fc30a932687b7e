// Where the tracked elements are: those the devtools hook registered as they mounted (views,
// forms and their fields, the rage-click scope), and TrackClick's handlers found on the page.
import { TRACKED_ELEMENT, type TrackedClick, type TrackedElement } from '../../core/devtools'
import type { PropertiesInput } from '../../core/types'
import { scopedProperties, type Scope } from '../../react/contexts'
import { fieldName } from '../../dom/elements'
import type { OverlayEntry, Registry } from './types'

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

/** Every tracked element connected to the page, form fields included, in the order found. */
export function findTracked(registry: Registry): OverlayEntry[] {
  const out: OverlayEntry[] = []
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
