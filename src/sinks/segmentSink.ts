import type { Sink, TrackedEvent } from '../core/types'

/** What analytics-next hands a source middleware. */
export interface SourceMiddlewareArgs {
  payload: { obj: object }
  next: (payload: never) => void
}

type SegmentObject = Record<string, unknown> & {
  messageId?: string
  context?: Record<string, unknown>
}

/** The part of an analytics.js / analytics-next instance trackplan calls. */
export interface SegmentLike {
  track(event: string, properties?: object, options?: object): unknown
  page(
    category?: string | null,
    name?: string | null,
    properties?: object,
    options?: object,
  ): unknown
  identify(userId?: string | null, traits?: object, options?: object): unknown
  alias(to: string, from?: string, options?: object): unknown
  reset(): unknown
  /**
   * analytics-next's hook; with it, what arrives carries trackplan's ids even when the SDK's own
   * user changed meanwhile.
   */
  addSourceMiddleware?(middleware: (args: SourceMiddlewareArgs) => void): unknown
}

/** The options of an SDK call: trackplan's ids, timestamp and redacted page context. */
const callOptions = (event: TrackedEvent) => ({
  messageId: event.messageId,
  timestamp: new Date(event.timestamp),
  anonymousId: event.anonymousId,
  ...(event.userId ? { userId: event.userId } : {}),
  // trackplan's page context, secrets redacted: it wins over the SDK's own page collection
  ...(event.context.page ? { context: { page: { ...event.context.page } } } : {}),
})

/**
 * Forwards to a Segment analytics instance the app already has (analytics-next or
 * analytics.js), keeping trackplan's `messageId`, `timestamp`, `anonymousId`, `userId` and
 * redacted page context. analytics-next stamps its *current* user on every event it builds
 * (also on calls it replays after loading), so the sink adds one source middleware that puts
 * back the ids trackplan recorded, matched by `messageId`. One thing it cannot undo: the
 * Segment.io destination fills an empty `userId` with its current user, so an anonymous
 * event replayed after an `identify` arrives with that user (documented in docs/sinks.md).
 *
 * @example
 * const analytics = AnalyticsBrowser.load({ writeKey })
 * createTracker({ sinks: [segmentSink(analytics)] })
 */
export function segmentSink(analytics: SegmentLike): Sink {
  /** What trackplan recorded, by messageId, until the SDK's pipeline has seen the event. */
  const recorded = new Map<string, TrackedEvent>()
  if (typeof analytics.addSourceMiddleware === 'function') {
    void analytics.addSourceMiddleware(({ payload, next }) => {
      const built = payload.obj as SegmentObject
      const event = built.messageId ? recorded.get(built.messageId) : undefined
      if (event) {
        recorded.delete(event.messageId)
        built.anonymousId = event.anonymousId
        if (event.userId) built.userId = event.userId
        if (event.previousId) built.previousId = event.previousId
        if (event.context.page)
          built.context = { ...built.context, page: { ...event.context.page } }
      }
      next(payload as never)
    })
  }
  const remember = (event: TrackedEvent): void => {
    if (typeof analytics.addSourceMiddleware === 'function') recorded.set(event.messageId, event)
  }
  return {
    name: 'segment',
    async send(event) {
      remember(event)
      try {
        if (event.type === 'track')
          await analytics.track(event.event!, event.properties, callOptions(event))
        else if (event.type === 'page')
          await analytics.page(null, event.event ?? null, event.properties, callOptions(event))
        else if (event.type === 'identify')
          await analytics.identify(event.userId, event.traits ?? {}, callOptions(event))
        else if (event.type === 'alias' && event.userId)
          await analytics.alias(event.userId, event.previousId, callOptions(event))
      } finally {
        recorded.delete(event.messageId)
      }
    },
    reset() {
      void analytics.reset()
    },
  }
}
