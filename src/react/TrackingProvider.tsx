import type { ReactNode } from 'react'
import { createElement, useEffect, useMemo, useRef } from 'react'
import { warnOnce } from '../core/env'
import { createTracker, type Tracker, type TrackerOptions } from '../core/createTracker'
import type { PropertiesInput, TrackingPlanLike } from './types'
import { ScopeContext, scopedProperties, type Scope } from './contexts'
import { useCommitted } from './hooks'
import { watchPageRageClicks, type RageClickOptions } from '../dom/rageClicks'

export interface TrackingProviderProps extends Omit<
  TrackerOptions<TrackingPlanLike>,
  'properties'
> {
  /** A tracker made with `createTracker`. Without one, the provider makes its own from the other props, once. */
  tracker?: Tracker<TrackingPlanLike> | Tracker<never>
  /** Properties on every event below; read at event time, so changing them re-renders nothing. */
  properties?: PropertiesInput
  /**
   * Scrub error messages before `Encountered Error` and `Failed Form Submission` record them:
   * emails, card and phone numbers, and credential-looking tokens become `[email]`,
   * `[number]`, `[secret]`. Default `true`.
   */
  scrubErrorMessages?: boolean
  /**
   * Record `Rage Clicked` for the whole page (document listeners while mounted); options to
   * tune it.
   */
  rageClicks?: boolean | RageClickOptions
  children?: ReactNode
}

/**
 * Feeds hooks and components below it. The context holds the tracker instance, never
 * changing state: no descendant re-renders when `properties` change. `consent` stays live;
 * the other tracker options are read once, when the provider makes its tracker.
 *
 * @example
 * <TrackingProvider sinks={[consoleSink()]} properties={{ app: 'web' }}>
 *   <App />
 * </TrackingProvider>
 */
export function TrackingProvider(props: TrackingProviderProps): ReactNode {
  const { tracker, properties, rageClicks, scrubErrorMessages, children, ...options } = props
  // made when first needed — also when a `tracker` prop is taken away later — and kept
  const ownTracker = useRef<Tracker<never> | null>(null)
  const value = (tracker ?? (ownTracker.current ??= trackerFor(props, options))) as Tracker<never>
  // a build-time constant: the hook runs in every render of a development build, in none of a
  // production one, so the order of hooks never changes within a build
  if (process.env.NODE_ENV !== 'production') {
    ScopeContext.displayName = 'Trackplan' // named in React DevTools
    // eslint-disable-next-line react-hooks/rules-of-hooks -- see above
    useTrackerChangeWarning(tracker)
  }
  // one node per tracker: a new `tracker` prop is the only change consumers see
  const scope = useMemo<Scope>(
    () => ({ parent: null, properties, tracker: value, scrubErrors: scrubErrorMessages }),
    // properties are written into the node after each commit (below), never a new node
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [value],
  )
  useCommitted(() => {
    scope.properties = properties
    scope.scrubErrors = scrubErrorMessages
    scope.rageClicks = rageClicks
  })
  const consent = options.consent
  useEffect(() => {
    if (consent) value.setConsent(consent)
  }, [value, consent])
  const watchRage = !!rageClicks
  useEffect(() => {
    if (!watchRage) return
    // the page's rage clicks through this scope, with the options as the prop is now; a
    // page's own `useRageClicks()` under this provider counts instead, with its options
    return watchPageRageClicks(
      (event, properties) => void scope.tracker.track(event, scopedProperties(scope, properties)),
      // `true` (or nothing, while unmounting) boxes to an object without options: the defaults
      () => Object(scope.rageClicks) as RageClickOptions,
      scope.tracker,
      { givesWay: true },
    )
  }, [watchRage, scope])
  return createElement(ScopeContext.Provider, { value: scope }, children)
}

/**
 * The trackers providers made, by the props object they were made from. React 18's StrictMode
 * renders a component's first mount twice and keeps only the second render's refs: a tracker
 * made in the first would be a phantom (its sinks set up, announced to devtools) beside the one
 * kept. Both renders get the same props object, so the second finds the first's tracker here.
 */
const madeFor = new WeakMap<object, Tracker<never>>()

function trackerFor(props: object, options: TrackerOptions<TrackingPlanLike>): Tracker<never> {
  let made = madeFor.get(props)
  if (!made) {
    made = createTracker(options) as Tracker<never>
    madeFor.set(props, made)
  }
  return made
}

/** Development only: says when the `tracker` prop changes, or comes or goes, after the first render. */
function useTrackerChangeWarning(tracker: TrackingProviderProps['tracker']): void {
  const previous = useRef(tracker)
  if (previous.current !== tracker) {
    warnOnce(
      tracker
        ? previous.current
          ? '<TrackingProvider> was given another `tracker`: components below now track to the new one.'
          : '<TrackingProvider> was given a `tracker` after it had made its own from its props: components below now track to the one given.'
        : '<TrackingProvider> lost its `tracker` prop: components below now track to a tracker it made from its other props (sinks, plan, …), once.',
    )
  }
  previous.current = tracker
}
