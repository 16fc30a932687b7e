// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import {
  createTracker,
  memorySink,
  TrackClick,
  TrackingProvider,
  TrackScope,
  TrackView,
  useTrack,
  useTrackOnMount,
} from 'trackplan'

describe('server rendering', () => {
  it('renders to a string without window, fires nothing, and throws nothing', async () => {
    expect(typeof window).toBe('undefined')
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory] })
    function Page() {
      useTrackOnMount('Viewed Pricing')
      const track = useTrack()
      return (
        <TrackScope properties={{ section: 'pricing' }}>
          <TrackView event="Viewed Table">
            <table>
              <tbody>
                <tr>
                  <td>pro</td>
                </tr>
              </tbody>
            </table>
          </TrackView>
          <TrackClick event="Clicked Plan">
            <button onClick={() => track('Clicked Inline')}>Pro</button>
          </TrackClick>
        </TrackScope>
      )
    }
    const html = renderToString(
      <TrackingProvider tracker={tracker}>
        <Page />
      </TrackingProvider>,
    )
    expect(html).toBe('<table><tbody><tr><td>pro</td></tr></tbody></table><button>Pro</button>')
    await tracker.flush()
    expect(memory.events).toEqual([])
  })

  it('a tracker on the server stamps envelopes without page, screen or storage', async () => {
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory] })
    tracker.track('Renewed Subscription', { plan: 'team' })
    await tracker.flush()
    expect(memory.events[0]!.context.page).toBeUndefined()
    expect(memory.events[0]!.context.library.name).toBe('trackplan')
  })
})
