import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { memorySink, TrackClick, TrackingProvider, TrackScope } from 'trackplan'
import { installEngine } from '../../src/core/createTracker'
import * as engine from '../../src/core/engine'

// An app's first clicks can come before the tracker's engine (its own chunk) has arrived:
// test/setup.ts installs the engine for the other suites; here it arrives late, as in an app.

let arrive!: () => void
beforeEach(() =>
  installEngine(new Promise<typeof engine>((resolve) => (arrive = () => resolve(engine)))),
)
afterEach(() => installEngine(engine))

describe('a provider whose tracker is still waiting for its engine', () => {
  it('records a click with the scopes as they were then, and delivers it once the engine is there', async () => {
    const memory = memorySink()
    const { rerender } = render(
      <TrackingProvider sinks={[memory]} storage="memory" properties={{ app: 'web' }}>
        <TrackScope properties={{ section: 'pricing' }}>
          <TrackClick event="Clicked Plan" properties={{ plan: 'pro' }}>
            <button>Pro</button>
          </TrackClick>
        </TrackScope>
      </TrackingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Pro' }))
    // the scope changes after the click and before the engine: the event keeps what it had
    rerender(
      <TrackingProvider sinks={[memory]} storage="memory" properties={{ app: 'admin' }}>
        <TrackScope properties={{ section: 'checkout' }}>
          <TrackClick event="Clicked Plan" properties={{ plan: 'pro' }}>
            <button>Pro</button>
          </TrackClick>
        </TrackScope>
      </TrackingProvider>,
    )
    expect(memory.events).toHaveLength(0)
    arrive()
    await expect.poll(() => memory.events.length).toBe(1)
    expect(memory.events[0]).toMatchObject({
      event: 'Clicked Plan',
      properties: { app: 'web', section: 'pricing', plan: 'pro' },
    })
  })
})
