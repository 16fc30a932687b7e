import { createRoot } from 'react-dom/client'
import { TrackingProvider, useTrackOnMount } from 'trackplan'
import { tracker } from './tracker'

function Checkout() {
  useTrackOnMount('Started Checkout', {
    plan: new URLSearchParams(location.search).get('plan') ?? 'none',
  })
  return (
    <main>
      <h1>Checkout</h1>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <TrackingProvider tracker={tracker}>
    <Checkout />
  </TrackingProvider>,
)
