// A run's schedule: the sink's configuration and the world's steps, drawn from a seed. Steps
// name pages by their place among the pages in a state ("the 2nd live page"), so that a
// schedule with steps removed (shrunk) still means something.
import type { ConsentState } from '../../src/core/types'
import type { StorageMode } from './browser'
import { seededRandom, type Random } from './clock'

export interface SimConfig {
  batchSize: number
  flushInterval: number
  maxQueueSize: number
  orphanAfter: number
  timeout: number
  baseDelay: number
  maxDelay: number
  maxAttempts: number
  persist: boolean
  consent: ConsentState
  consentBufferSize: number
}

/** `page`: an index into the live pages (taken modulo their number). */
export type Step =
  | { kind: 'open'; visible: boolean }
  | { kind: 'track'; page: number; count: number }
  | { kind: 'hide'; page: number }
  | { kind: 'show'; page: number }
  /** Navigates away: visibilitychange to hidden, pagehide; a new load in the same tab. */
  | { kind: 'reload'; page: number }
  /** The tab is closed: visibilitychange to hidden, pagehide; no new load. */
  | { kind: 'close tab'; page: number }
  /** The renderer is killed: no event at all. */
  | { kind: 'kill'; page: number }
  /** Into the back/forward cache: pagehide (persisted), then frozen. */
  | { kind: 'bfcache'; page: number }
  /** Out of the back/forward cache (`page`: among the cached ones). */
  | { kind: 'restore'; page: number }
  | { kind: 'freeze'; page: number }
  | { kind: 'resume'; page: number }
  | { kind: 'offline' }
  | { kind: 'online' }
  | { kind: 'consent'; state: 'granted' | 'denied' }
  | { kind: 'storage'; mode: StorageMode }
  | { kind: 'collector'; down: boolean }
  | { kind: 'flush'; page: number }
  /** `tracker.close()`, and a new tracker (and sink) on the same page. */
  | { kind: 'new tracker'; page: number }

/** A step and how long after the previous one it happens (ms). */
export type Timed = Step & { after: number }

export interface Schedule {
  seed: number
  config: SimConfig
  steps: Timed[]
}

function configFor(random: Random): SimConfig {
  return {
    batchSize: random.pick([1, 3, 10, 20]),
    flushInterval: random.pick([50, 500, 5000]),
    maxQueueSize: random.pick([5, 30, 1000]),
    orphanAfter: random.pick([1000, 3000, 10_000]),
    timeout: random.pick([1000, 10_000]),
    baseDelay: random.pick([100, 500]),
    maxDelay: random.pick([2000, 60_000]),
    maxAttempts: random.pick([2, 4, 10]),
    persist: random.chance(0.85),
    consent: random.pick(['granted', 'granted', 'granted', 'pending', 'denied'] as const),
    consentBufferSize: random.pick([5, 100]),
  }
}

function stepFor(random: Random): Step {
  const page = random.int(0, 3)
  const roll = random.next()
  if (roll < 0.4) return { kind: 'track', page, count: random.pick([1, 1, 2, 5, 25]) }
  return random.pick<Step>([
    { kind: 'open', visible: random.chance(0.7) },
    { kind: 'hide', page },
    { kind: 'show', page },
    { kind: 'hide', page },
    { kind: 'show', page },
    { kind: 'reload', page },
    { kind: 'close tab', page },
    { kind: 'kill', page },
    { kind: 'bfcache', page },
    { kind: 'restore', page },
    { kind: 'freeze', page },
    { kind: 'resume', page },
    { kind: 'offline' },
    { kind: 'online' },
    { kind: 'consent', state: random.pick(['granted', 'granted', 'denied'] as const) },
    { kind: 'storage', mode: random.pick(['ok', 'ok', 'full', 'refusing'] as const) },
    { kind: 'collector', down: random.chance(0.5) },
    { kind: 'flush', page },
    { kind: 'new tracker', page },
  ])
}

/** The schedule for `seed`: a configuration and 20 to 80 steps over up to a few minutes. */
export function scheduleFor(seed: number): Schedule {
  const random = seededRandom(seed)
  const config = configFor(random)
  const steps: Timed[] = [{ kind: 'open', visible: true, after: 0 }]
  const count = random.int(20, 80)
  for (let i = 0; i < count; i++)
    steps.push({ ...stepFor(random), after: random.pick([0, 1, 10, 100, 500, 1500, 4000, 15_000]) })
  return { seed, config, steps }
}

/** One step as a line of the printed schedule. */
export function describeStep(step: Timed): string {
  const { after, kind, ...rest } = step
  const details = Object.entries(rest)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ')
  return `+${after}ms ${kind}${details ? ` ${details}` : ''}`
}
