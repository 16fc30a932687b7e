import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import * as Checkbox from '@radix-ui/react-checkbox'
import * as Switch from '@radix-ui/react-switch'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker, memorySink, TrackForm, TrackingProvider } from 'trackplan'

function setup() {
  const memory = memorySink()
  const tracker = createTracker({ sinks: [memory], storage: 'memory' })
  const events = async () => {
    await tracker.flush()
    return memory.events.map((e) => [e.event, e.properties] as const)
  }
  return { tracker, events }
}

beforeEach(() => {
  // Radix measures its controls; jsdom has no ResizeObserver
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  )
})

describe('TrackForm with Radix form controls (shadcn/ui Checkbox, Switch)', () => {
  it('toggling a Radix Checkbox in a TrackForm starts the form (SPEC: first user input or change)', async () => {
    const { tracker, events } = setup()
    render(
      <TrackingProvider tracker={tracker}>
        <TrackForm name="Preferences" onSubmit={(e) => e.preventDefault()}>
          <Checkbox.Root name="newsletter" aria-label="Newsletter">
            <Checkbox.Indicator>✓</Checkbox.Indicator>
          </Checkbox.Root>
          <button type="submit">Save</button>
        </TrackForm>
      </TrackingProvider>,
    )
    await userEvent.click(screen.getByRole('checkbox', { name: 'Newsletter' }))
    expect(screen.getByRole('checkbox', { name: 'Newsletter' }).getAttribute('data-state')).toBe(
      'checked',
    )
    // the hidden native input Radix keeps for the form is checked too
    expect((document.querySelector('input[name=newsletter]') as HTMLInputElement).checked).toBe(
      true,
    )
    expect((await events()).map(([e]) => e)).toContain('Started Form')
  })

  it('toggling a Radix Switch then leaving records Abandoned Form with the switch as lastField', async () => {
    const { tracker, events } = setup()
    const { unmount } = render(
      <TrackingProvider tracker={tracker}>
        <TrackForm name="Settings" onSubmit={(e) => e.preventDefault()}>
          <Switch.Root name="darkMode" aria-label="Dark mode" />
        </TrackForm>
      </TrackingProvider>,
    )
    await userEvent.click(screen.getByRole('switch', { name: 'Dark mode' }))
    unmount()
    const abandoned = (await events()).find(([e]) => e === 'Abandoned Form')
    expect(abandoned?.[1]).toMatchObject({ lastField: 'darkMode', fieldsTouched: ['darkMode'] })
  })
})
