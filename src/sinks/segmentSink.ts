import type { Sink, TrackedEvent } from '../core/types'

/** The part of an analytics.js / analytics-next instance trackplan calls. */
export interface SegmentLike {
  track(event: string, properties?: object, options?: object): unknown
  page(category?: string | null, name?: string | null, properties?: object, options?: object): unknown
  identify(userId?: string | null, traits?: object, options?: object): unknown
  alias(to: string, from?: string, options?: object): unknown
  reset(): unknown
}

const options = (event: TrackedEvent) => ({ messageId: event.messageId, timestamp: new Date(event.timestamp), anonymousId: event.anonymousId })

/**
 * Forwards to a Segment analytics instance the app already has (analytics-next or
 * analytics.js), keeping trackplan's `messageId`, `timestamp` and `anonymousId`.
 *
 * @example
 * const analytics = AnalyticsBrowser.load({ writeKey })
 * createTracker({ sinks: [segmentSink(analytics)] })
 */
export function segmentSink(analytics: SegmentLike): Sink {
  return {
    name: 'segment',
    async send(event) {
      if (event.type === 'track') await analytics.track(event.event!, event.properties, options(event))
      else if (event.type === 'page') await analytics.page(null, event.event ?? null, event.properties, options(event))
      else if (event.type === 'identify') await analytics.identify(event.userId, event.traits ?? {}, options(event))
      else if (event.type === 'alias' && event.userId) await analytics.alias(event.userId, event.previousId, options(event))
    },
    reset() {
      void analytics.reset()
    },
  }
}
