import type { PanelEvent, PanelPlan } from '../../panel/types'

/**
 * The manager's log of the session: kept outside React, so that it survives switching
 * stories and panels until cleared.
 */
export interface SessionState {
  events: PanelEvent[]
  plan: PanelPlan | null
  paused: boolean
  steps: string[]
  /** Hooks and components that ran outside any provider, by story. */
  detached: { storyId: string; caller: string }[]
}

const MAX_EVENTS = 5000
let state: SessionState = { events: [], plan: null, paused: false, steps: [], detached: [] }
const listeners = new Set<() => void>()

const set = (next: Partial<SessionState>): void => {
  state = { ...state, ...next }
  for (const listener of listeners) listener()
}

export const session = {
  get: (): SessionState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  },
  add(event: PanelEvent): void {
    if (!state.paused) set({ events: [...state.events, event].slice(-MAX_EVENTS) })
  },
  plan: (plan: PanelPlan | null): void => set({ plan }),
  pause: (paused: boolean): void => set({ paused }),
  clear: (): void => set({ events: [] }),
  steps: (steps: string[]): void => set({ steps }),
  detached(storyId: string, caller: string): void {
    if (!state.detached.some((d) => d.storyId === storyId && d.caller === caller))
      set({ detached: [...state.detached, { storyId, caller }].slice(-100) })
  },
}
