import { warnOnce } from '../core/env'
import type { Properties, Sink } from '../core/types'

type DataLayerWindow = { [name: string]: unknown }

/**
 * GA4's limits: event names up to 40 characters, 25 parameters, parameter values up to 100
 * characters.
 */
function checkGa4(name: string, properties: Properties): void {
  if (name.length > 40)
    warnOnce(`dataLayerSink: "${name}" is ${name.length} characters; GA4 keeps 40.`)
  const keys = Object.keys(properties)
  if (keys.length > 25)
    warnOnce(`dataLayerSink: "${name}" has ${keys.length} parameters; GA4 keeps 25.`)
  for (const key of keys) {
    const value = properties[key]
    if (typeof value === 'string' && value.length > 100)
      warnOnce(
        `dataLayerSink: "${name}" parameter "${key}" is ${value.length} characters; GA4 keeps 100.`,
      )
  }
}

/**
 * Pushes onto Google Tag Manager's data layer: a track event as `{ event, ...properties }`,
 * a page view as `{ event: 'page_view', ...properties }`, identify as `{ event: 'identify',
 * user_id }` (traits stay out: GTM forwards what it gets), reset as `{ user_id: null }`. The
 * array is created if missing. Warns in development when an event breaks GA4's limits.
 *
 * GTM merges every push into one persistent model (arrays merge index by index), so before
 * each event the keys the previous one set are unset (`undefined`; `ecommerce: null`, as
 * Google documents): a tag never reads the last event's `coupon` or `items`.
 *
 * @example
 * createTracker({ sinks: [dataLayerSink()] })   // window.dataLayer
 */
export function dataLayerSink(options: { name?: string } = {}): Sink {
  const name = options.name ?? 'dataLayer'
  /** The keys the last pushed event set, besides `event`. */
  let lastKeys: string[] = []
  const pushEvent = (entry: Record<string, unknown>): void => {
    if (lastKeys.length > 0) {
      const unset: Record<string, unknown> = {}
      for (const key of lastKeys) unset[key] = key === 'ecommerce' ? null : undefined
      push(unset)
    }
    lastKeys = Object.keys(entry).filter((key) => key !== 'event')
    push(entry)
  }
  const push = (entry: Record<string, unknown>): void => {
    if (typeof window === 'undefined') return
    const win = window as unknown as DataLayerWindow
    const layer = (win[name] ??= []) as { push(entry: unknown): void }
    layer.push(entry)
  }
  return {
    name: `dataLayer:${name}`,
    send(event) {
      if (event.type === 'track' && event.event) {
        if (process.env.NODE_ENV !== 'production') checkGa4(event.event, event.properties)
        pushEvent({ ...event.properties, event: event.event })
      } else if (event.type === 'page') {
        pushEvent({
          ...event.properties,
          ...(event.event ? { page_name: event.event } : {}),
          event: 'page_view',
        })
      } else if (event.type === 'identify') {
        push({ event: 'identify', user_id: event.userId })
      }
    },
    reset() {
      push({ user_id: null })
    },
  }
}
