import { createTracker, httpSink } from 'trackplan'
import { plan } from './plan.js'

// the collector is the page's own origin (the test's server), quick to flush and to retry
export const tracker = createTracker({
  plan,
  sinks: [
    httpSink({ url: '/v1/batch', flushInterval: 100, retry: { baseDelay: 1000, maxDelay: 1000 } }),
  ],
})

// a second tracker, as a micro-frontend brings its own: the devtools' picker lists both
export const helpTracker = createTracker({ storage: 'memory', properties: { widget: 'help' } })
