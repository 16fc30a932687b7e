import { createTracker, httpSink, TrackingProvider, useTrack, useTrackOnMount } from 'trackplan'
import { createRoot } from 'react-dom/client'
import { plan } from './plan'

// the collector's address comes from the build (VITE_COLLECTOR_URL), as an app's would;
// validation 'warn': an event the plan does not know is sent (and flagged by the collector).
// The test's timing: five events leave at once as a batch (JSON, so a CORS preflight first);
// fewer wait a minute, so the last ones leave only as the page is left (keepalive, text/plain)
const tracker = createTracker({
  plan,
  validation: 'warn',
  sinks: [
    httpSink({
      url: `${import.meta.env.VITE_COLLECTOR_URL}/v1/batch`,
      batchSize: 5,
      flushInterval: 60_000,
    }),
  ],
})

function Pricing() {
  useTrackOnMount('Viewed Pricing')
  const track = useTrack()
  // a name the plan does not have, written as the old code base wrote it
  const unplanned = track as (event: string) => void
  return (
    <main>
      <h1>Pricing</h1>
      <button onClick={() => track('Clicked Upgrade', { plan: 'pro' })}>Upgrade to pro</button>
      <button onClick={() => track('Clicked Upgrade', { plan: 'gold' })}>Upgrade to gold</button>
      <button onClick={() => unplanned('opened_chat')}>Chat with us</button>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <TrackingProvider tracker={tracker}>
    <Pricing />
  </TrackingProvider>,
)
