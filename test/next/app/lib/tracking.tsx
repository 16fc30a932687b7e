'use client'

import type { ReactNode } from 'react'
import { TrackingProvider, TrackPageViews } from 'trackplan'
import { createTracker, httpSink } from 'trackplan/core'
import { plan } from './tracking-plan'

const tracker = createTracker({
  plan,
  sinks: [
    httpSink({ url: '/api/track', flushInterval: 500, persist: false }),
    // the collector's Route Handler (app/collect/[...path]/route.ts), on the same origin
    httpSink({ url: '/collect/v1/batch', flushInterval: 500, persist: false }),
  ],
})

export function Tracking({ children }: { children: ReactNode }) {
  return (
    <TrackingProvider tracker={tracker}>
      <TrackPageViews />
      {children}
    </TrackingProvider>
  )
}
