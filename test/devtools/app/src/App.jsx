import { TrackClick, TrackingProvider, TrackScope, useTrack } from 'trackplan'
import { helpTracker } from './tracking.js'

export function Pricing() {
  const track = useTrack()
  return (
    <TrackScope properties={{ section: 'pricing' }}>
      <h1>Pricing</h1>
      {['free', 'pro', 'team'].map((plan) => (
        <TrackClick key={plan} event="Clicked Plan" properties={{ plan }}>
          <button>Choose {plan}</button>
        </TrackClick>
      ))}
      <button onClick={() => track('Clicked Plan', { plan: 'enterprise' })}>Contact sales</button>
    </TrackScope>
  )
}

function HelpWidget() {
  const track = useTrack()
  return <button onClick={() => track('Opened Help')}>Help</button>
}

export function App() {
  return (
    <>
      <Pricing />
      <TrackingProvider tracker={helpTracker}>
        <HelpWidget />
      </TrackingProvider>
    </>
  )
}
