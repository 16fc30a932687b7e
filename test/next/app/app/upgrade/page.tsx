'use client'

// What production sends: offers read at runtime, one of which the plan no longer allows.
import { useTrack } from 'trackplan'

const offers: string[] = ['pro', 'gold']

export default function Upgrade() {
  const track = useTrack()
  return (
    <main>
      <h1>Upgrade</h1>
      {offers.map((offer) => (
        <button key={offer} onClick={() => track('Clicked Upgrade', { plan: offer as 'pro' })}>
          Choose {offer}
        </button>
      ))}
    </main>
  )
}
