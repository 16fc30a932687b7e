// A story as users write them: components from 'trackplan', no provider of its own
import { TrackClick, TrackView, useTrack } from 'trackplan'

function Card() {
  const track = useTrack()
  return (
    <TrackView event="Viewed Card">
      <div style={{ padding: 16, border: '1px solid #ccc', width: 240 }}>
        <TrackClick event="Clicked Buy" properties={{ plan: 'pro' }}>
          <button>Buy</button>
        </TrackClick>
        <button onClick={() => track('Clicked Buy', { plan: 'team' })}>Buy for a team</button>
      </div>
    </TrackView>
  )
}

export default { title: 'Shop', component: Card }
export const Buy = {}
