// The in-page side of every devtool (the Storybook addon's preview, `trackplan/devtools`):
// installs the devtools hook trackers announce themselves to, and keeps what the hosts show —
// the trackers with their plan and sinks, the element each event came from, the tracked
// elements on the page, and the hooks that ran outside any provider. One implementation,
// whichever host draws it; the first copy of trackplan to install it serves the others.
import type { Tracker } from '../core/createTracker'
import { DEVTOOLS_KEY, type DevtoolsHook, type TrackedElement } from '../core/devtools'
import type { EventInfo, PropertiesInput, Sink, TrackedEvent } from '../core/types'
import type { TrackingPlan } from '../plan/types'
import type { Registry } from '../panel/overlay/types'

export interface TrackerEntry {
  tracker: Tracker<never>
  plan?: TrackingPlan
  properties?: PropertiesInput
  sinks: readonly Sink[]
  /** "tracker 1", "tracker 2", … in order of creation. */
  label: string
}

export interface DevtoolsState {
  readonly trackers: readonly TrackerEntry[]
  /** For "show tracked elements": where tracked components are. */
  readonly registry: Registry
  /** The element an event came from (a click, input, submit, or the view that saw it). */
  elementOf(messageId: string): Element | undefined
  /** Hears every tracker, those announced before included; returns the unsubscribe. */
  onTracker(listener: (entry: TrackerEntry) => void): () => void
  /** Hears each hook or component that ran outside any provider. */
  onDetached(listener: (caller: string) => void): () => void
}

type Hooked = DevtoolsHook & { state?: DevtoolsState }

/**
 * The element the user event being dispatched came from (`null` once it is done): an event
 * tracked while it is dispatched is tied to it.
 */
function watchUserEvents(): () => Element | null {
  let lastTarget: Element | null = null
  if (typeof document !== 'undefined') {
    for (const type of ['click', 'submit', 'input', 'change', 'keydown']) {
      document.addEventListener(
        type,
        (e) => {
          lastTarget = e.target instanceof Element ? e.target : null
          setTimeout(() => (lastTarget = null), 0)
        },
        true,
      )
    }
  }
  return () => lastTarget
}

/**
 * Installs the devtools hook (once per page) and returns what it keeps. A hook that is not
 * ours, already on the page (the Playwright fixture's, installed before the app), keeps hearing
 * everything: ours takes its place and forwards each call to it.
 */
export function installDevtools(): DevtoolsState {
  const global = globalThis as { [DEVTOOLS_KEY]?: Hooked }
  const existing = global[DEVTOOLS_KEY]?.state
  if (existing) return existing
  const previous = global[DEVTOOLS_KEY]

  const trackers: TrackerEntry[] = []
  const registry: Registry = { mounted: new Map(), trackers: new WeakMap() }
  const elements = new Map<string, WeakRef<Element>>()
  const trackerListeners = new Set<(entry: TrackerEntry) => void>()
  const detachedListeners = new Set<(caller: string) => void>()
  const lastTarget = watchUserEvents()

  const state: DevtoolsState = {
    trackers,
    registry,
    elementOf: (messageId) => {
      const element = elements.get(messageId)?.deref()
      return element?.isConnected ? element : undefined
    },
    onTracker(listener) {
      for (const entry of trackers) listener(entry)
      trackerListeners.add(listener)
      return () => void trackerListeners.delete(listener)
    },
    onDetached(listener) {
      detachedListeners.add(listener)
      return () => void detachedListeners.delete(listener)
    },
  }

  const hook: Hooked = {
    state,
    register(tracker, info) {
      const { plan, properties, sinks } = info
      const entry: TrackerEntry = {
        tracker: tracker as Tracker<never>,
        ...(plan ? { plan } : {}),
        ...(properties ? { properties } : {}),
        sinks: sinks ?? [],
        label: `tracker ${trackers.length + 1}`,
      }
      trackers.push(entry)
      registry.trackers.set(tracker, entry)
      // first, so that hosts subscribing after hear which element each event came from
      tracker.subscribe((event: TrackedEvent, _info: EventInfo) => {
        const target = lastTarget()
        if (target?.isConnected) elements.set(event.messageId, new WeakRef(target))
      })
      for (const listener of trackerListeners) listener(entry)
      forward(() => previous?.register(tracker, info))
    },
    element(messageId, element) {
      elements.set(messageId, new WeakRef(element))
      forward(() => previous?.element?.(messageId, element))
    },
    detached(caller) {
      for (const listener of detachedListeners) listener(caller)
      forward(() => previous?.detached?.(caller))
    },
    mount(element: Element, what: TrackedElement) {
      const set = registry.mounted.get(element) ?? new Set()
      set.add(what)
      registry.mounted.set(element, set)
      let unmountPrevious: (() => void) | undefined
      forward(() => (unmountPrevious = previous?.mount?.(element, what)))
      return () => {
        set.delete(what)
        if (set.size === 0 && registry.mounted.get(element) === set)
          registry.mounted.delete(element)
        forward(() => unmountPrevious?.())
      }
    },
  }
  global[DEVTOOLS_KEY] = hook
  return state
}

/** Calls the hook that was on the page first: its failure is its own, never the app's. */
function forward(call: () => void): void {
  try {
    call()
  } catch {
    // the other hook broke: ours, and the tracker announcing itself, go on
  }
}
