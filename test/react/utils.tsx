import type { ReactNode } from 'react'
import { createTracker, memorySink, TrackingProvider, type TrackplanError } from 'trackplan'

/** A fresh tracker over a memory sink, and a wrapper that provides it: tests read like usage. */
export function setupTracker() {
  const memory = memorySink()
  const errors: TrackplanError[] = []
  const tracker = createTracker({
    sinks: [memory],
    storage: 'memory',
    onError: (e) => errors.push(e),
  })
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TrackingProvider tracker={tracker}>{children}</TrackingProvider>
  )
  const events = async () => {
    await tracker.flush()
    return memory.events
  }
  return { tracker, memory, errors, wrapper, events }
}
