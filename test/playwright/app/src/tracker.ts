import { createTracker, httpSink } from 'trackplan/core'
import { plan } from './plan'

// the app's tracker: batches to its collector every 200 ms
export const tracker = createTracker({
  plan,
  sinks: [httpSink({ url: '/api/track', flushInterval: 200, persist: false })],
  properties: { app: 'e2e' },
})
