// trackplan/devtools in jsdom, under React 19 and 18.3: the panel in its shadow root, what it
// remembers, its shortcut, the Delivery tab over the sink inspection contract, and nothing
// rendered on the server.
import { act, render, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createTracker,
  TrackClick,
  TrackingProvider,
  type Sink,
  type SinkInspection,
} from 'trackplan'
import { TrackplanDevtools } from 'trackplan/devtools'

const shadow = () => {
  const root = document.querySelector('[data-trackplan-devtools]')?.shadowRoot
  if (!root) throw new Error('no devtools host')
  return within(root as unknown as HTMLElement)
}

afterEach(() => localStorage.clear())

describe('TrackplanDevtools', () => {
  it('renders nothing in the app’s tree (and nothing on the server); its toggle lives in a shadow root and opens the panel', async () => {
    const tracker = createTracker({ storage: 'memory' })
    expect(
      renderToString(
        <TrackingProvider tracker={tracker}>
          <TrackplanDevtools />
        </TrackingProvider>,
      ),
    ).toBe('')
    const { container } = render(
      <TrackingProvider tracker={tracker}>
        <TrackClick event="Clicked Buy" properties={{ plan: 'pro' }}>
          <button>Buy</button>
        </TrackClick>
        <TrackplanDevtools />
      </TrackingProvider>,
    )
    expect(container.innerHTML).toBe('<button>Buy</button>')
    await userEvent.click(shadow().getByRole('button', { name: 'Open trackplan devtools' }))
    const dialog = await shadow().findByRole('dialog', { name: 'trackplan devtools' })
    await userEvent.click(container.querySelector('button')!)
    await waitFor(() =>
      expect(within(dialog).getByRole('table', { name: 'Tracked events' }).textContent).toContain(
        'plan=pro',
      ),
    )
    expect(JSON.parse(localStorage.getItem('trackplan:devtools')!)).toMatchObject({ open: true })
  })

  it('remembers open and tab across mounts; Alt+Shift+T closes it and opens it again', async () => {
    localStorage.setItem(
      'trackplan:devtools',
      JSON.stringify({ open: true, tab: 'Plan', height: 300 }),
    )
    const tracker = createTracker({ storage: 'memory' })
    render(
      <TrackingProvider tracker={tracker}>
        <TrackplanDevtools />
      </TrackingProvider>,
    )
    const dialog = await shadow().findByRole('dialog')
    expect(within(dialog).getByRole('tab', { name: 'Plan' }).getAttribute('aria-selected')).toBe(
      'true',
    )
    await act(
      async () =>
        void dispatchEvent(
          new KeyboardEvent('keydown', { altKey: true, shiftKey: true, code: 'KeyT' }),
        ),
    )
    await waitFor(() => expect(shadow().queryByRole('dialog')).toBeNull())
    expect(JSON.parse(localStorage.getItem('trackplan:devtools')!)).toMatchObject({
      open: false,
      tab: 'Plan',
    })
    await act(
      async () =>
        void dispatchEvent(
          new KeyboardEvent('keydown', { altKey: true, shiftKey: true, code: 'KeyT' }),
        ),
    )
    await shadow().findByRole('dialog')
  })

  it('Delivery shows what each sink’s inspect() says, and its buttons pause the sinks, flush and set consent', async () => {
    const paused: boolean[] = []
    const inspection: SinkInspection = {
      queued: 4,
      inFlight: 2,
      persisted: 4,
      delivered: 7,
      dropped: { delivery: 1 },
      retry: { attempt: 2, nextAt: Date.now() + 3000, last: '503' },
      paused: false,
    }
    const inspected: Sink = {
      name: 'collector',
      send: () => {},
      inspect: () => inspection,
      pause: (p) => void paused.push(p),
    }
    const plain: Sink = { name: 'custom', send: () => {} }
    // made after trackplan/devtools was imported: it announced its sinks; the panel opens on the provider's tracker
    const tracker = createTracker({ storage: 'memory', sinks: [inspected, plain] })
    localStorage.setItem(
      'trackplan:devtools',
      JSON.stringify({ open: true, tab: 'Delivery', height: 300 }),
    )
    render(
      <TrackingProvider tracker={tracker}>
        <TrackplanDevtools />
      </TrackingProvider>,
    )
    const dialog = await shadow().findByRole('dialog')
    const row = await within(dialog).findByRole('row', { name: 'sink collector' })
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent)
    expect(cells).toEqual([
      'collector',
      '4',
      '2',
      '4',
      expect.stringMatching(/^attempt 2, next try in [23] s, last: 503$/),
      '7',
      'delivery 1',
    ])
    expect(within(dialog).getByRole('row', { name: 'sink custom' }).textContent).toContain(
      'does not implement inspect()',
    )
    await userEvent.click(within(dialog).getByRole('button', { name: 'Pause delivery' }))
    expect(paused).toEqual([true])
    expect(within(dialog).getByRole('button', { name: 'Resume delivery' })).toBeTruthy()
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deny consent' }))
    expect(tracker.getConsent()).toBe('denied')
  })
})
