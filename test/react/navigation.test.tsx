// Client-side navigation: page views through the History API, and events that belong to the
// page they happened on.
import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { StrictMode, useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TrackForm, TrackingProvider, TrackPageViews } from 'trackplan'
import { setupTracker } from './utils'

const tick = () => act(() => new Promise((resolve) => setTimeout(resolve, 5)))
/** Waits (under any load) until `n` page views were delivered. */
const views = async (events: () => Promise<readonly { type: string }[]>, n: number) =>
  vi.waitFor(async () => expect((await events()).filter((e) => e.type === 'page')).toHaveLength(n))

afterEach(() => history.replaceState(null, '', '/'))

describe('TrackPageViews', () => {
  it('one page view on mount and one per navigation, with the new path; not doubled by StrictMode; none for a hash or the same URL', async () => {
    history.replaceState(null, '', '/pricing')
    document.title = 'Pricing'
    const { tracker, events } = setupTracker()
    render(
      <StrictMode>
        <TrackingProvider tracker={tracker}>
          <TrackPageViews />
        </TrackingProvider>
      </StrictMode>,
    )
    await views(events, 1)
    // a router: the URL first, the new page (and its title) a moment later
    await act(async () => history.pushState(null, '', '/signup?plan=pro'))
    await act(async () => void (document.title = 'Sign up'))
    await views(events, 2)
    await act(async () => history.replaceState({ scroll: 1 }, '', '/signup?plan=pro')) // a router saving state: same page
    await act(async () => history.pushState(null, '', '/signup?plan=pro#faq')) // a hash: same page
    await tick()
    await act(async () => {
      history.go(-2) // back past the hash entry; jsdom fires popstate asynchronously
      await new Promise((resolve) => setTimeout(resolve, 20))
      document.title = 'Pricing'
    })
    await views(events, 3)
    const seen = (await events()).filter((e) => e.type === 'page')
    expect(seen.map((e) => e.properties.path)).toEqual(['/pricing', '/signup', '/pricing'])
    expect(seen.map((e) => e.context.page?.search)).toEqual(['', '?plan=pro', ''])
    expect(seen.map((e) => e.context.page?.title)).toEqual(['Pricing', 'Sign up', 'Pricing'])
  })

  it("waits for the new page's title (a streaming router sets it late), at most half a second", async () => {
    history.replaceState(null, '', '/a')
    document.title = 'A'
    const { tracker, events } = setupTracker()
    render(
      <TrackingProvider tracker={tracker}>
        <TrackPageViews />
      </TrackingProvider>,
    )
    await views(events, 1)
    await act(async () => {
      history.pushState(null, '', '/b')
      document.title = ''
    })
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)))
    expect((await events()).filter((e) => e.type === 'page')).toHaveLength(1) // still waiting
    await act(async () => void (document.title = 'B'))
    await vi.waitFor(async () =>
      expect(
        (await events()).filter((e) => e.type === 'page').map((e) => e.context.page?.title),
      ).toEqual(['A', 'B']),
    )
    await act(async () => history.pushState(null, '', '/c')) // same title as /b: the view comes after the wait
    await vi.waitFor(
      async () =>
        expect(
          (await events()).filter((e) => e.type === 'page').map((e) => e.properties.path),
        ).toEqual(['/a', '/b', '/c']),
      { timeout: 3000 },
    )
  })

  it('stops on unmount', async () => {
    const { tracker, events } = setupTracker()
    const { unmount } = render(
      <TrackingProvider tracker={tracker}>
        <TrackPageViews />
      </TrackingProvider>,
    )
    await views(events, 1)
    unmount()
    await act(async () => history.pushState(null, '', '/elsewhere'))
    await tick()
    expect((await events()).filter((e) => e.type === 'page')).toHaveLength(1)
  })
})

describe('an abandoned form belongs to its page', () => {
  it('abandonment on unmount after a client-side navigation carries the form page, not the destination', async () => {
    history.replaceState(null, '', '/signup')
    const { wrapper, events } = setupTracker()
    function App() {
      const [page, setPage] = useState('signup')
      return page === 'signup' ? (
        <>
          <TrackForm name="Signup" aria-label="Signup">
            <input name="email" aria-label="Email" />
          </TrackForm>
          <button
            onClick={() => {
              history.pushState(null, '', '/pricing') // the router changes the URL, then renders the new page
              setPage('pricing')
            }}
          >
            Pricing
          </button>
        </>
      ) : (
        <h1>Pricing</h1>
      )
    }
    render(<App />, { wrapper })
    await userEvent.type(screen.getByLabelText('Email'), 'a')
    await userEvent.click(screen.getByRole('button', { name: 'Pricing' }))
    const tracked = await events()
    expect(tracked.map((e) => [e.event, e.context.page?.path])).toEqual([
      ['Started Form', '/signup'],
      ['Abandoned Form', '/signup'],
    ])
    expect(location.pathname).toBe('/pricing')
  })
})
