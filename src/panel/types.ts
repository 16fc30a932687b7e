import type { DropReason, TrackedEvent } from '../core/types'
import type { PropertyType } from '../plan/types'

export type EventStatus = 'valid' | 'violation' | 'unplanned' | 'dropped' | 'no plan'

/** One tracked event as the panel knows it. Serializable: it crosses the channel. */
export interface PanelEvent {
  event: TrackedEvent
  status: EventStatus
  /** The violations' messages, when there are any. */
  reasons: string[]
  dropped?: DropReason
  storyId?: string
  /** The preview knows which element fired it. */
  hasElement: boolean
}

/** A plan as the panel shows it: plain data, Standard Schema validators described. */
export interface PanelPlan {
  naming: string | false
  events: {
    name: string
    description?: string
    owner?: string
    trigger?: string
    properties: { name: string; type: PropertyType | string; required: boolean; allowed?: string }[]
  }[]
}
