// What the in-app devtools have heard since they mounted: every tracker's events with their
// plan status. Kept outside the lazy panel, so that nothing is missed before its first open.
import type { Tracker } from '../core/createTracker'
import type { TrackingPlan } from '../plan/types'
import { panelEvent } from '../panel/model'
import type { PanelEvent } from '../panel/types'
import type { DevtoolsState, TrackerEntry } from './hook'

export interface DevtoolsEvent extends PanelEvent {
  /** Index into `trackers`. */
  tracker: number
}

export interface DevtoolsSnapshot {
  trackers: readonly TrackerEntry[]
  /** The provider's tracker (where the devtools are mounted): shown first. */
  home: number
  events: readonly DevtoolsEvent[]
  paused: boolean
}

export interface DevtoolsStore {
  get(): DevtoolsSnapshot
  subscribe(listener: () => void): () => void
  pause(paused: boolean): void
  clear(): void
  readonly state: DevtoolsState
  stop(): void
}

const MAX_EVENTS = 2000

/** Listens to every tracker the page announces, and to `fallback` (the provider's tracker, created before the devtools' hook existed). */
export function createStore(
  state: DevtoolsState,
  fallback: Tracker<never> | undefined,
  plan: TrackingPlan | undefined,
): DevtoolsStore {
  let snapshot: DevtoolsSnapshot = { trackers: [], home: 0, events: [], paused: false }
  const listeners = new Set<() => void>()
  const set = (next: Partial<DevtoolsSnapshot>): void => {
    snapshot = { ...snapshot, ...next }
    for (const listener of listeners) listener()
  }
  const unsubscribes: (() => void)[] = []
  const listen = (entry: TrackerEntry): void => {
    // the provider's tracker, listened to before it announced itself (its engine arrives after
    // the devtools mount): its announcement brings its plan and sinks to the same row
    const known = snapshot.trackers.findIndex((t) => t.tracker === entry.tracker)
    if (known >= 0) {
      set({ trackers: snapshot.trackers.map((t, i) => (i === known ? entry : t)) })
      return
    }
    const index = snapshot.trackers.length
    set({ trackers: [...snapshot.trackers, entry] })
    unsubscribes.push(
      entry.tracker.subscribe((event, info) => {
        if (snapshot.paused) return
        const hasPlan = snapshot.trackers[index]!.plan !== undefined
        const item: DevtoolsEvent = {
          ...panelEvent(event, info, hasPlan, state.elementOf(event.messageId) !== undefined),
          tracker: index,
        }
        set({ events: [...snapshot.events, item].slice(-MAX_EVENTS) })
      }),
    )
  }
  unsubscribes.push(state.onTracker(listen))
  if (fallback && !state.trackers.some((t) => t.tracker === fallback)) {
    // made before trackplan/devtools was imported: its sinks were never announced
    listen({
      tracker: fallback,
      ...(plan ? { plan } : {}),
      sinks: [],
      label: 'the provider’s tracker',
    })
  }
  snapshot.home = Math.max(
    0,
    snapshot.trackers.findIndex((t) => t.tracker === fallback),
  )
  return {
    get: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    pause: (paused) => set({ paused }),
    clear: () => set({ events: [] }),
    state,
    stop() {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe()
      listeners.clear()
    },
  }
}
