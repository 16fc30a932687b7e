import type { TrackerStats } from './types'

/** A tracker's counters, all at zero. */
export const newStats = (): TrackerStats => ({
  tracked: 0,
  sent: 0,
  delivered: 0,
  dropped: {
    consent: 0,
    overflow: 0,
    validation: 0,
    size: 0,
    invalid: 0,
    middleware: 0,
    closed: 0,
    delivery: 0,
  },
})
