// The Delivery tab's container: reads the picked tracker and its sinks (queues, consent, ids,
// stats) a few times a second while shown, and acts on them; the view is `DeliveryTab`.
import { useEffect, useState, type ReactNode } from 'react'
import type { ConsentState } from '../core/types'
import { DeliveryTab, type DeliveryView } from '../panel/components/DeliveryTab'
import type { DevtoolsStore } from './store'

/** How often the Delivery tab asks the sinks what they hold (only while it is shown). */
const DELIVERY_REFRESH_MS = 500

export function Delivery({
  store,
  index,
  held,
  onHold,
}: {
  store: DevtoolsStore
  index: number
  held: boolean
  onHold(paused: boolean): void
}): ReactNode {
  const entry = store.get().trackers[index]
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), DELIVERY_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  if (!entry) return null
  const { tracker, sinks } = entry
  const view: DeliveryView = {
    consent: tracker.getConsent(),
    anonymousId: tracker.anonymousId,
    userId: tracker.userId,
    stats: tracker.stats(),
    sinks: sinks.map((sink) => ({
      name: sink.name,
      ...(sink.inspect ? { inspection: sink.inspect() } : {}),
    })),
    paused: held,
  }
  return (
    <DeliveryTab
      view={view}
      now={now}
      onFlush={() => void tracker.flush()}
      onPause={(paused) => {
        for (const sink of sinks) sink.pause?.(paused)
        onHold(paused)
      }}
      onConsent={(state: ConsentState) => {
        tracker.setConsent(state)
        setNow(Date.now())
      }}
    />
  )
}
