import { hasWindow } from './env'
import type { ConsentState, TrackedEvent } from './types'
import type { Op } from './delivery'
import type { Drop } from './pipeline'

/** A `reset()` made while consent is pending waits in the buffer behind the events before it. */
export const RESET = 'reset' as const
export type Held = TrackedEvent | typeof RESET

/** Consent: its state, Do Not Track, and the events (and resets) held in memory while it is pending. */
export interface Consent {
  state: ConsentState
  /** Do Not Track or Global Privacy Control is on (and honoured): nothing is sent, whatever the state. */
  readonly blocked: boolean
  /** Whether events may be sent and ids persisted now. */
  granted(): boolean
  /** Holds an event or a reset while pending; returns the oldest event pushed out when over the cap. */
  hold(item: Held): TrackedEvent | undefined
  /** Whether events wait for a decision. */
  holding(): boolean
  /** Everything held, in order; the buffer is emptied. */
  release(): Held[]
  /** Lets go of one held event (an async plan check dropped it). */
  forget(event: TrackedEvent): void
}

const doNotTrack = (): boolean => {
  if (!hasWindow()) return false
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean; msDoNotTrack?: string }
  return (
    nav.globalPrivacyControl === true ||
    nav.doNotTrack === '1' ||
    (window as { doNotTrack?: string }).doNotTrack === '1' ||
    nav.msDoNotTrack === '1'
  )
}

/** Consent as sinks see it: Do Not Track reads as denied. */
export const sinkConsent = (consent: Consent): ConsentState =>
  consent.granted() ? 'granted' : consent.state === 'pending' ? 'pending' : 'denied'

/** Whether `value` is one of the three consent states (a consent manager may hand over anything). */
export const isConsentState = (value: unknown): value is ConsentState =>
  value === 'granted' || value === 'pending' || value === 'denied'

export function createConsent(
  initial: ConsentState,
  cap: number,
  respectDoNotTrack: boolean,
): Consent {
  const buffer: Held[] = []
  let events = 0
  const consent: Consent = {
    state: initial,
    blocked: respectDoNotTrack && doNotTrack(),
    granted: () => consent.state === 'granted' && !consent.blocked,
    hold(item) {
      buffer.push(item)
      if (item === RESET || ++events <= cap) return undefined
      events--
      return buffer.splice(
        buffer.findIndex((held) => held !== RESET),
        1,
      )[0] as TrackedEvent
    },
    holding: () => events > 0,
    release() {
      events = 0
      return buffer.splice(0)
    },
    forget(event) {
      const at = buffer.indexOf(event)
      if (at >= 0) {
        buffer.splice(at, 1)
        events--
      }
    },
  }
  return consent
}

/**
 * A decision on consent: what was held goes on (granted) or is discarded, each event counted
 * (denied), resets keeping their place; a denial ends with every sink told to `discard`.
 * Returns whether the state changed.
 */
export function decide(
  consent: Consent,
  state: ConsentState,
  enqueue: (op: Op) => void,
  drop: Drop,
): boolean {
  if (state === consent.state) return false
  consent.state = state
  if (state === 'pending') return true
  let resets = false
  // sinks may send what earlier pages left before what this page held
  if (state === 'granted' && !consent.blocked) enqueue('consentGranted')
  for (const item of consent.release()) {
    if (item === RESET) {
      if (state === 'granted') enqueue('reset')
      else resets = true
    } else if (state === 'granted') enqueue({ event: item, deliver: true })
    else
      drop(
        'consent',
        process.env.NODE_ENV !== 'production'
          ? `"${item.event ?? item.type}" was discarded: consent was denied.`
          : 'consent',
        item,
      )
  }
  if (state === 'denied') {
    if (resets) enqueue('reset')
    enqueue('discard')
  }
  return true
}
