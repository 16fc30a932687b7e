// Two copies of trackplan on one page (Vite's pre-bundled copy for the stories, node_modules'
// copy for a Storybook addon's preview): one React context all the same, so a provider from
// one copy feeds the hooks of the other.
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'

describe('two copies of trackplan in one page', () => {
  it('share the context: a provider from one copy feeds TrackClick and useTrack from the other, with no warning', async () => {
    const first = await import('../../src/index')
    vi.resetModules()
    const second = await import('../../src/index')
    expect(second.TrackClick).not.toBe(first.TrackClick) // truly two module instances
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const seen: string[] = []
    const tracker = first.createTracker({ storage: 'memory' })
    tracker.subscribe((event, info) =>
      seen.push(`${event.event}${info.dropped ? ` dropped: ${info.dropped}` : ''}`),
    )
    function Hooked() {
      const track = second.useTrack() as (event: string) => unknown
      return <button onClick={() => track('Clicked Team')}>Team</button>
    }
    render(
      <first.TrackingProvider tracker={tracker}>
        <second.TrackClick event="Clicked Buy">
          <button>Buy</button>
        </second.TrackClick>
        <Hooked />
      </first.TrackingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))
    await userEvent.click(screen.getByRole('button', { name: 'Team' }))
    expect(seen).toEqual(['Clicked Buy', 'Clicked Team'])
    expect(warn.mock.calls.flat().join('\n')).not.toContain('outside <TrackingProvider>')
    warn.mockRestore()
  })
})
