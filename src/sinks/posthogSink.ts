import type { Sink } from '../core/types'

/** The part of a posthog-js (or posthog-node-like) instance trackplan calls. */
export interface PostHogLike {
  capture(event: string, properties?: object, options?: { timestamp?: Date; uuid?: string }): unknown
  identify(distinctId: string, properties?: object): unknown
  alias(alias: string, original?: string): unknown
  reset(): unknown
}

/**
 * Forwards to a PostHog instance the app already has: track → `capture(event, properties,
 * { timestamp, uuid })`, page → `capture('$pageview', …)`, identify, alias, reset.
 *
 * @example
 * createTracker({ sinks: [posthogSink(posthog)] })
 */
export function posthogSink(posthog: PostHogLike): Sink {
  return {
    name: 'posthog',
    async send(event) {
      const options = { timestamp: new Date(event.timestamp), uuid: event.messageId }
      if (event.type === 'track') await posthog.capture(event.event!, event.properties, options)
      else if (event.type === 'page') {
        const url = typeof event.properties.url === 'string' ? event.properties.url : event.context.page?.url
        await posthog.capture('$pageview', { ...event.properties, ...(url ? { $current_url: url } : {}), ...(event.event ? { name: event.event } : {}) }, options)
      } else if (event.type === 'identify' && event.userId) await posthog.identify(event.userId, event.traits ?? {})
      else if (event.type === 'alias' && event.userId) await posthog.alias(event.userId, event.previousId)
    },
    reset() {
      void posthog.reset()
    },
  }
}
