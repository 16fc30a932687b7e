import type { Sink } from '../core/types'

/**
 * Logs each envelope as a collapsed console group, `[trackplan] track Viewed Pricing`,
 * with its properties: development.
 *
 * @example
 * createTracker({ sinks: [consoleSink()] })
 */
export function consoleSink(options: { name?: string; collapsed?: boolean } = {}): Sink {
  const collapsed = options.collapsed ?? true
  return {
    name: options.name ?? 'console',
    send(event) {
      const title = `[trackplan] ${event.type} ${event.event ?? event.userId ?? ''}`.trimEnd()
      const group = collapsed ? console.groupCollapsed : console.group
      if (typeof group !== 'function') {
        console.log(title, event)
        return
      }
      group.call(console, title)
      console.log('properties', event.properties)
      if (event.traits) console.log('traits', event.traits)
      console.log('envelope', event)
      console.groupEnd()
    },
  }
}
