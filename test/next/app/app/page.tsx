// A Server Component page: TrackClick and TrackView placed directly, with a sync child and an
// async Server Component child.
import Link from 'next/link'
import { TrackClick, TrackView } from 'trackplan'

async function PriceTable() {
  await new Promise((resolve) => setTimeout(resolve, 20))
  return (
    <table>
      <tbody>
        <tr>
          <td>Pro</td>
          <td>12 € a month</td>
        </tr>
      </tbody>
    </table>
  )
}

export default function Page() {
  return (
    <main>
      <h1>Pricing</h1>
      <TrackView event="Viewed Plans">
        <section>
          <h2>Plans</h2>
        </section>
      </TrackView>
      <TrackView event="Viewed Price Table">
        <PriceTable />
      </TrackView>
      <TrackClick event="Clicked Upgrade" properties={{ plan: 'pro' }}>
        <button>Upgrade</button>
      </TrackClick>
      <Link href="/signup">Sign up</Link>
      {/* Next 16 dropped `legacyBehavior`: TrackClick wraps the Link, whose onClick it composes */}
      <TrackClick event="Clicked Join">
        <Link href="/signup">Join now</Link>
      </TrackClick>
    </main>
  )
}
