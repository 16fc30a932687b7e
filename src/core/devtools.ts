import type { TrackingPlan } from '../plan/types'
import type { Listener, PropertiesInput, Sink } from './types'

/** What a tracked component is, for a devtool's "show tracked elements" view. */
export interface TrackedElement {
  kind: 'click' | 'view' | 'form' | 'rage'
  /** The events it records: one for a click or a view, a form's four, `Rage Clicked`. */
  events: readonly string[]
  /** What it sends as of now: provider → scopes → its own (the tracker's own properties aside); none, or `undefined`: computed at event time. */
  properties?(): PropertiesInput | undefined
  /** A form: the fields whose values may be sent. */
  captureValues?: readonly string[]
  /** The tracker it records to (none: outside any provider). */
  tracker?: object | undefined
}

/**
 * A development hook: where a devtool (the Storybook addon) installs itself, every tracker
 * announces itself, so that an app's own providers are seen without any change to the app.
 * Nothing here runs, and nothing is allocated, when no devtool is installed.
 */
export interface DevtoolsHook {
  register(
    tracker: { subscribe(listener: Listener): () => void },
    info: {
      plan?: TrackingPlan | undefined
      properties?: PropertiesInput | undefined
      sinks?: readonly Sink[]
    },
  ): void
  /** The element an event came from (a view), for the devtool to point at. */
  element?(messageId: string, element: Element): void
  /** A hook or component ran outside any `TrackingProvider`: what it tracks goes nowhere. */
  detached?(caller: string): void
  /** A tracked component is on the page at `element` (a view, a form, the page for rage clicks); returns its removal. */
  mount?(element: Element, what: TrackedElement): () => void
}

export const DEVTOOLS_KEY = '__TRACKPLAN_DEVTOOLS__'

/**
 * `TrackClick` adds no DOM and takes no ref: its click handler carries what it is under this
 * key (only while a devtool is installed) — its event, its own properties (or their function)
 * and its scope — and the devtool finds the element the handler reached.
 */
export const TRACKED_ELEMENT = Symbol.for('trackplan.click')

export interface TrackedClick {
  [TRACKED_ELEMENT]?: readonly [event: string, properties: unknown, scope: unknown]
}

type Global = { [DEVTOOLS_KEY]?: DevtoolsHook | undefined }

export const devtools = (): DevtoolsHook | undefined => (globalThis as Global)[DEVTOOLS_KEY]

/**
 * Makes the key a property of the global object, holding `undefined` until a devtool installs
 * itself. In Chromium a read of a property `window` lacks goes through its named-property
 * lookup (elements by id) every time, and TrackClick reads it on every render (figures in
 * bench/RESULTS.md). `createTracker` does this, before the components of the provider it is
 * made for render. A global object that refuses new properties keeps the slow read.
 */
export function keepDevtoolsKey(): void {
  try {
    ;(globalThis as Global)[DEVTOOLS_KEY] ??= undefined
  } catch {
    // a frozen global: reads still work
  }
}
