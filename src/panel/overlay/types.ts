// What "show tracked elements" works on: the registry the devtools hook fills as tracked
// components mount, what each tracker told the hook, and what the plan says of an element.
// Types only, importing neither host: the hook (src/devtools) fills a `Registry`, the overlay
// (src/panel) reads it.
import type { TrackedElement } from '../../core/devtools'
import type { PropertiesInput } from '../../core/types'
import type { TrackingPlan } from '../../plan/types'

export type ElementStatus = 'planned' | 'unplanned' | 'breaks' | 'no plan'

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

/** Where each tracked element is: views, forms and the rage-click scope say so; clicks are found by their handler. */
export interface Registry {
  mounted: Map<Element, Set<TrackedElement>>
  trackers: WeakMap<object, TrackerInfo>
}

/** One element the overlay draws: a tracked element, or a field of a tracked form. */
export interface OverlayEntry {
  element: Element
  what: TrackedElement
  /** A field of a tracked form: its name. */
  field?: string
}
