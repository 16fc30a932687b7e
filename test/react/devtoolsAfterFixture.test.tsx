// The Playwright fixture's init script runs before the app, so its devtools hook is on the page
// before `trackplan/devtools` is imported: the devtools must still hear each tracker with its
// plan and sinks, and the fixture must still receive every envelope.
import { render, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTracker, defineTrackingPlan, TrackClick, TrackingProvider } from 'trackplan'
import { DEVTOOLS_KEY } from '../../src/core/devtools'
import { pageScript } from '../../src/playwright/pageScript'

const BINDING = '__fixtureBinding'
const posted: { tracker: number; event: { event?: string } }[] = []

beforeAll(() => {
  ;(globalThis as Record<string, unknown>)[BINDING] = async (message: string) =>
    void posted.push((JSON.parse(message) as { payload: (typeof posted)[number] }).payload)
  // what `context.addInitScript` runs in the page, before any of the app's scripts
  new Function(pageScript({ key: DEVTOOLS_KEY, binding: BINDING, collector: [] }))()
})

const plan = defineTrackingPlan({
  events: {
    'Clicked Plan': {
      description: 'A plan was chosen',
      properties: { plan: { type: 'string', enum: ['free', 'pro'] } },
    },
  },
})

const shadow = () => {
  const root = document.querySelector('[data-trackplan-devtools]')?.shadowRoot
  if (!root) throw new Error('no devtools host')
  return within(root as unknown as HTMLElement)
}

describe('trackplan/devtools imported after the Playwright fixture’s hook', () => {
  it('shows the tracker’s plan and its events’ status, and the fixture still gets every envelope', async () => {
    // as the app's entry does: the devtools first, then the tracker
    const { TrackplanDevtools } = await import('trackplan/devtools')
    const tracker = createTracker({ storage: 'memory', plan })
    localStorage.setItem('trackplan:devtools', JSON.stringify({ open: true, tab: 'Plan' }))
    const { container } = render(
      <TrackingProvider tracker={tracker}>
        <TrackClick event="Clicked Plan" properties={{ plan: 'pro' }}>
          <button>Choose pro</button>
        </TrackClick>
        <TrackplanDevtools />
      </TrackingProvider>,
    )
    const dialog = await shadow().findByRole('dialog', { name: 'trackplan devtools' })
    const planned = await within(dialog).findByRole('table', { name: 'Tracking plan' })
    expect(planned.textContent).toContain('A plan was chosen')

    await userEvent.click(container.querySelector('button')!)
    await userEvent.click(within(dialog).getByRole('tab', { name: /^Events/ }))
    await waitFor(() =>
      expect(within(dialog).getByRole('table', { name: 'Tracked events' }).textContent).toContain(
        'valid',
      ),
    )
    await waitFor(() => expect(posted.map((p) => p.event.event)).toContain('Clicked Plan'))
  })
})
