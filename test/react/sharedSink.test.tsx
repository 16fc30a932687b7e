// Hunt (seams): TrackingProvider making its own tracker from `sinks` with an httpSink.
import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { httpSink, TrackingProvider, useTrack, useTracker, type Tracker } from 'trackplan'

describe('TrackingProvider + httpSink', () => {
  it('a provider remount (key change) while events are queued: the first tracker still hears its events acknowledged', async () => {
    let answer!: () => void
    const fetch = vi.fn(
      () =>
        new Promise<Response>(
          (resolve) => (answer = () => resolve(new Response(null, { status: 204 }))),
        ),
    )
    const sink = httpSink({
      url: 'https://collector.test/v1/batch',
      fetch,
      persist: false,
      flushInterval: 10,
    })
    const trackers: Tracker<never>[] = []
    function Buy() {
      const track = useTrack()
      const t = useTracker() as Tracker<never>
      if (!trackers.includes(t)) trackers.push(t)
      return <button onClick={() => track('Clicked Buy')}>Buy</button>
    }
    function App() {
      const [k, setK] = useState(0)
      return (
        <>
          <button onClick={() => setK(k + 1)}>Remount</button>
          <TrackingProvider key={k} sinks={[sink]}>
            <Buy />
          </TrackingProvider>
        </>
      )
    }
    render(<App />)
    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
    await userEvent.click(screen.getByRole('button', { name: 'Remount' }))
    answer()
    await act(() => sink.flush())
    console.log(
      trackers.length,
      trackers.map((t) => JSON.stringify(t.stats())),
    )
    expect(trackers[0]!.stats().delivered).toBe(1)
  })
})
