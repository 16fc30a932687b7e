import type { TrackingPlan } from '../plan/types'
import type { Listener } from './types'

/**
 * A development hook: where a devtool (the Storybook addon) installs itself, every tracker
 * announces itself, so that an app's own providers are seen without any change to the app.
 */
export interface DevtoolsHook {
  register(tracker: { subscribe(listener: Listener): () => void }, info: { plan?: TrackingPlan }): void
  /** The element an event came from (a view), for the devtool to point at. */
  element?(messageId: string, element: Element): void
}

export const DEVTOOLS_KEY = '__TRACKPLAN_DEVTOOLS__'

export const devtools = (): DevtoolsHook | undefined => (globalThis as { [DEVTOOLS_KEY]?: DevtoolsHook })[DEVTOOLS_KEY]
