import type { ReactNode } from 'react'
import { useContext, useMemo } from 'react'
import type { PropertiesInput } from '../core/types'
import { ScopeContext, type Scope } from './contexts'
import { detachedTracker } from './useScopeTrack'
import { useCommitted } from './hooks'

export interface TrackScopeProps {
  /** Merged into every event below: inner scopes win, nested objects merge, arrays replace. */
  properties: PropertiesInput
  children?: ReactNode
}

/**
 * Adds properties to every event tracked below it. Renders no DOM; changing `properties`
 * re-renders no tracked descendant (events read the latest values when they fire).
 *
 * @example
 * <TrackScope properties={{ section: 'pricing' }}>
 *   <TrackClick event="Clicked Plan"><button>Pro</button></TrackClick>
 * </TrackScope>
 */
export function TrackScope({ properties, children }: TrackScopeProps): ReactNode {
  const parent = useContext(ScopeContext)
  // a new node only when the parent node changes (a provider given another tracker); its
  // properties are this commit's, set below before any effect can fire an event
  const scope = useMemo<Scope>(
    () => ({
      parent,
      properties: undefined,
      tracker: parent?.tracker ?? detachedTracker('TrackScope'),
    }),
    [parent],
  )
  useCommitted(() => {
    scope.properties = properties
  })
  return <ScopeContext.Provider value={scope}>{children}</ScopeContext.Provider>
}
