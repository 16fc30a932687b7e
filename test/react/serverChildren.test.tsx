// Children passed from a Server Component arrive as lazy nodes (React Flight's chunk
// wrappers: `{ $$typeof: react.lazy, _payload: chunk, _init: readChunk }`) in `next dev`, and
// for async Server Components in production. TrackClick and TrackView read them as React does.
import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Suspense, type ReactElement, type ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { TrackClick, TrackView } from 'trackplan'
import { setupTracker } from './utils'

/** A Flight-like chunk: a thenable with a status, read by `_init` (throws while pending). */
function lazyNode(value?: ReactElement) {
  const listeners: (() => void)[] = []
  const chunk = {
    status: value ? 'fulfilled' : 'pending',
    value,
    then(onFulfilled: () => void) {
      if (chunk.status === 'fulfilled') onFulfilled()
      else listeners.push(onFulfilled)
    },
  }
  const resolve = (v: ReactElement) => {
    chunk.status = 'fulfilled'
    chunk.value = v
    listeners.splice(0).forEach((l) => l())
  }
  const node = {
    $$typeof: Symbol.for('react.lazy'),
    _payload: chunk,
    _init: (c: typeof chunk) => {
      if (c.status === 'fulfilled') return c.value
      throw c
    },
  }
  return { node: node as unknown as ReactElement, resolve }
}

describe('Server Component children (lazy nodes)', () => {
  it('TrackClick tracks a lazy child that is already there, with no warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper, events } = setupTracker()
    render(
      <TrackClick event="Clicked Upgrade">{lazyNode(<button>Upgrade</button>).node}</TrackClick>,
      { wrapper },
    )
    await userEvent.click(screen.getByRole('button', { name: 'Upgrade' }))
    expect((await events()).map((e) => e.event)).toEqual(['Clicked Upgrade'])
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it('TrackClick and TrackView suspend on a pending lazy child (an async Server Component) and track once it arrives', async () => {
    const { wrapper, events } = setupTracker()
    const click = lazyNode()
    const view = lazyNode()
    const App = ({ children }: { children?: ReactNode }) => (
      <Suspense fallback={<p>loading</p>}>
        <TrackView event="Viewed Pricing">{view.node}</TrackView>
        <TrackClick event="Clicked Upgrade">{click.node}</TrackClick>
        {children}
      </Suspense>
    )
    render(<App />, { wrapper })
    expect(screen.getByText('loading')).toBeTruthy()
    await act(async () => {
      view.resolve(<section>Prices</section>)
      click.resolve(<button>Upgrade</button>)
    })
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade' }))
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Pricing', 'Clicked Upgrade'])
  })
})
