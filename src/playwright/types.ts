import type { EventInfo, TrackedEvent, Violation } from '../core/types'
import type { TrackingPlan } from '../plan/types'

/** One envelope as the fixture saw it. */
export interface TrackingRecord {
  event: TrackedEvent
  /** What the tracker said about it: delivered, buffered, dropped (and why), its own plan's violations. */
  info: EventInfo
  /** Which tracker: `page 1 / tracker 2` (numbered in the order they appeared). */
  tracker: string
  /** The URL of the frame it came from. */
  url: string
  /** Its violations against the test's `trackingPlan`. */
  violations: readonly Violation[]
}

/** What the collector endpoints (`trackingCollector`) were sent, instead of the network. */
export interface CollectorCapture {
  /** Every request body, parsed as JSON where it is (the raw text otherwise). */
  readonly requests: readonly { url: string; body: unknown }[]
  /** The envelopes in those bodies (`{ batch: [...] }`, an array, or one envelope). */
  events(): readonly TrackedEvent[]
}

export interface Tracking {
  /** Every envelope tracked and not dropped, from every tracker, in the order they were seen. */
  readonly events: readonly TrackedEvent[]
  /** Everything seen, dropped ones too, with where it came from. */
  readonly records: readonly TrackingRecord[]
  /** The plan violations seen so far (with `trackingPlan`). */
  readonly violations: readonly Violation[]
  readonly collector: CollectorCapture
  /** Forgets what was captured so far (the collector's requests too). */
  clear(): void
  /** Resolves with the first matching event (already tracked, or tracked within the timeout, default 5 s). */
  waitFor(
    name: string,
    options?: { properties?: Record<string, unknown>; timeout?: number },
  ): Promise<TrackedEvent>
}

export interface TrackingOptions {
  /** Check every captured event against this plan. Set it in the test file (`test.use`): a plan holds functions, which config files cannot pass to workers. */
  trackingPlan: TrackingPlan | undefined
  /** A plan violation fails the test (`'fail'`, the default) or is only reported (`'warn'`). */
  trackingViolations: 'fail' | 'warn'
  /**
   * Stop real analytics traffic: `true` aborts requests to the well-known vendors (Segment,
   * PostHog, Google Analytics and Tag Manager, KISSmetrics); a list of URL globs adds yours.
   */
  trackingBlock: boolean | readonly string[]
  /** URL globs of your collector (`'**\/api/track'`): answered 200 by the fixture, and their bodies kept in `tracking.collector`. */
  trackingCollector: readonly string[]
}

/** Ingestion endpoints of the vendors trackplan has sinks for. */
export const ANALYTICS_ENDPOINTS: readonly string[] = [
  'https://api.segment.io/**',
  'https://cdn.segment.com/**',
  'https://*.posthog.com/**',
  'https://*.google-analytics.com/**',
  'https://www.googletagmanager.com/**',
  'https://trk.kissmetrics.io/**',
  'https://trk.kissmetrics.com/**',
  'https://*.kissmetrics.io/**',
]
