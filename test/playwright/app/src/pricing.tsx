import { createRoot } from 'react-dom/client'
import { createTracker, TrackClick, TrackingProvider, TrackView, useTrack } from 'trackplan'
import { tracker } from './tracker'

function Pricing() {
  const track = useTrack()
  return (
    <main>
      <TrackView event="Viewed Pricing">
        <section>
          <h1>Pricing</h1>
          <p>Pro: 12 € a month</p>
        </section>
      </TrackView>
      <TrackClick event="Clicked Upgrade" properties={{ plan: 'pro' }}>
        <button onClick={() => setTimeout(() => location.assign('/checkout.html?plan=pro'), 0)}>
          Upgrade
        </button>
      </TrackClick>
      {/* a bug the plan catches: "gold" is not a plan */}
      <button
        onClick={() =>
          (track as (event: string, properties: object) => void)('Clicked Upgrade', {
            plan: 'gold',
          })
        }
      >
        Go gold
      </button>
    </main>
  )
}

// a support widget shipped by another team: its own tracker and provider
const widgetTracker = createTracker({ properties: { widget: 'chat' } })
function ChatWidget() {
  return (
    <TrackClick event="Opened Chat">
      <button>Open chat</button>
    </TrackClick>
  )
}

createRoot(document.getElementById('root')!).render(
  <TrackingProvider tracker={tracker}>
    <Pricing />
  </TrackingProvider>,
)
createRoot(document.getElementById('widget')!).render(
  <TrackingProvider tracker={widgetTracker}>
    <ChatWidget />
  </TrackingProvider>,
)
