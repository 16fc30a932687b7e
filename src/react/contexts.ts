import { createContext } from 'react'
import type { Tracker } from '../core/createTracker'
import { mergeProperties } from '../core/sanitize'
import type { PropertiesInput } from '../core/types'

/** The tracker instance: set once, never changing state, so reading it re-renders nothing. */
// typed loosely inside: the registered plan types what apps call, not trackplan's own glue
export const TrackerContext = createContext<Tracker<never> | null>(null)
TrackerContext.displayName = 'TrackplanTracker'

/**
 * One node per provider or `TrackScope`, created once. Its `properties` are updated in place
 * after each commit and read at event time: a change re-renders no consumer.
 */
export interface Scope {
  readonly parent: Scope | null
  properties: PropertiesInput | undefined
}

export const ScopeContext = createContext<Scope | null>(null)
ScopeContext.displayName = 'TrackplanScope'

/** Provider → outer scopes → inner scopes → call site; inner wins, arrays replace. */
export function scopedProperties(scope: Scope | null, properties: PropertiesInput | undefined): PropertiesInput | undefined {
  let merged = properties
  for (let node = scope; node; node = node.parent) {
    if (node.properties) merged = merged ? mergeProperties(node.properties, merged) : node.properties
  }
  return merged
}
