import { redactUrl } from '../core/context'
import type { Sink } from '../core/types'

type PostHogEvent = {
  properties?: Record<string, unknown>
  $set?: Record<string, unknown>
  $set_once?: Record<string, unknown>
} & Record<string, unknown>
type BeforeSend = (event: PostHogEvent | null) => PostHogEvent | null

/** The part of a posthog-js (or posthog-node-like) instance trackplan calls. */
export interface PostHogLike {
  capture(
    event: string,
    properties?: object,
    options?: { timestamp?: Date; uuid?: string },
  ): unknown
  identify(distinctId: string, properties?: object): unknown
  alias(alias: string, original?: string): unknown
  reset(): unknown
  /** posthog-js: where the sink adds URL redaction (`get_current_url`, `before_send`). */
  config?: { get_current_url?: unknown; before_send?: unknown }
  set_config?(config: Record<string, unknown>): unknown
}

/**
 * posthog-js properties that hold a URL: `$current_url`, `$session_entry_url`,
 * `$initial_current_url`, `$referrer`, …
 */
const isUrlKey = (key: string): boolean => /url$|referrer$/i.test(key)

function redactUrls(object: Record<string, unknown> | undefined): void {
  if (!object) return
  for (const key of Object.keys(object)) {
    const value = object[key]
    if (typeof value === 'string' && isUrlKey(key)) object[key] = redactUrl(value)
    else if ((key === '$set' || key === '$set_once') && value && typeof value === 'object')
      redactUrls(value as Record<string, unknown>)
  }
}

/**
 * Teaches a posthog-js instance trackplan's redaction, for its own URL properties too (session
 * entry, initial URL), keeping the app's hooks.
 */
function redactInstance(posthog: PostHogLike): void {
  if (typeof posthog.set_config !== 'function') return
  try {
    const appCurrentUrl = posthog.config?.get_current_url
    const appBeforeSend = posthog.config?.before_send
    const redactBeforeSend: BeforeSend = (event) => {
      if (event) {
        redactUrls(event.properties)
        redactUrls(event.$set)
        redactUrls(event.$set_once)
      }
      return event
    }
    posthog.set_config({
      get_current_url: (href: string) =>
        redactUrl(
          typeof appCurrentUrl === 'function'
            ? (appCurrentUrl as (h: string) => string)(href)
            : href,
        ),
      before_send: [
        ...(Array.isArray(appBeforeSend)
          ? appBeforeSend
          : typeof appBeforeSend === 'function'
            ? [appBeforeSend]
            : []),
        redactBeforeSend,
      ],
    })
  } catch {
    // an instance that refuses: the properties trackplan sends are redacted all the same
  }
}

/**
 * Forwards to a PostHog instance the app already has: track → `capture(event, properties,
 * { timestamp, uuid })` with `$current_url`, `$pathname` and `$referrer` from trackplan's
 * redacted page context, page → `capture('$pageview', …)`, identify, alias, reset. On a
 * posthog-js instance it also sets `get_current_url` and adds a `before_send` step (keeping
 * the app's own) so that secret query parameters never leave through posthog-js's own URL
 * properties (`$session_entry_url`, `$initial_current_url`, …).
 *
 * posthog-js drops every event from a headless browser (Playwright, Puppeteer) unless it is
 * initialised with `opt_out_useragent_filter: true`.
 *
 * @example
 * createTracker({ sinks: [posthogSink(posthog)] })
 */
export function posthogSink(posthog: PostHogLike): Sink {
  redactInstance(posthog)
  return {
    name: 'posthog',
    async send(event) {
      const captureOptions = { timestamp: new Date(event.timestamp), uuid: event.messageId }
      const page = event.context.page
      const pageUrls = page
        ? {
            $current_url: page.url,
            $pathname: page.path,
            ...(page.referrer ? { $referrer: page.referrer } : {}),
          }
        : {}
      if (event.type === 'track')
        await posthog.capture(event.event!, { ...event.properties, ...pageUrls }, captureOptions)
      else if (event.type === 'page') {
        const url = typeof event.properties.url === 'string' ? event.properties.url : page?.url
        await posthog.capture(
          '$pageview',
          {
            ...event.properties,
            ...pageUrls,
            ...(url ? { $current_url: url } : {}),
            ...(event.event ? { name: event.event } : {}),
          },
          captureOptions,
        )
      } else if (event.type === 'identify' && event.userId)
        await posthog.identify(event.userId, event.traits ?? {})
      else if (event.type === 'alias' && event.userId)
        await posthog.alias(event.userId, event.previousId)
    },
    reset() {
      void posthog.reset()
    },
  }
}
