import { act, fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import * as Checkbox from '@radix-ui/react-checkbox'
import * as Switch from '@radix-ui/react-switch'
import { useState } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import { createTracker, memorySink, TrackForm, TrackingProvider } from 'trackplan'
import { stubResizeObserver } from './observers'

function setup() {
  const memory = memorySink()
  const tracker = createTracker({ sinks: [memory], storage: 'memory' })
  const events = async () => {
    await tracker.flush()
    return memory.events.map((e) => [e.event, e.properties] as const)
  }
  return { tracker, events }
}

beforeEach(stubResizeObserver)

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

  it('the app changing a controlled Radix Checkbox (a reset after the submit, saved settings loaded) is no edit', async () => {
    const { tracker, events } = setup()
    let load!: () => void
    function Preferences() {
      const [checked, setChecked] = useState(false)
      load = () => setChecked(true)
      return (
        <TrackForm
          name="Preferences"
          onSubmit={(e) => {
            e.preventDefault()
            setChecked(false) // reset once saved
          }}
        >
          <Checkbox.Root
            name="newsletter"
            aria-label="Newsletter"
            checked={checked}
            onCheckedChange={(value) => setChecked(value === true)}
          />
          <button type="submit">Save</button>
        </TrackForm>
      )
    }
    render(
      <TrackingProvider tracker={tracker}>
        <Preferences />
      </TrackingProvider>,
    )
    const newsletter = document.querySelector<HTMLInputElement>('input[name=newsletter]')!
    await userEvent.click(screen.getByRole('checkbox', { name: 'Newsletter' }))
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(newsletter.checked).toBe(false)
    await act(async () => load())
    expect(newsletter.checked).toBe(true)
    expect((await events()).map(([e]) => e)).toEqual(['Started Form', 'Submitted Form'])
  })

  it('a radio kept in step with a pressed role="radio" control, as Radix Radio Group does, is an edit', async () => {
    const { tracker, events } = setup()
    function Plan({ value }: { value: string }) {
      return (
        <>
          <button
            type="button"
            role="radio"
            aria-label={value}
            onClick={(e) => {
              // what Radix's bubble input does: set the hidden radio, then tell the form
              const radio = e.currentTarget.nextElementSibling as HTMLInputElement
              radio.checked = true
              radio.dispatchEvent(new Event('click', { bubbles: true }))
            }}
          />
          <input type="radio" name="plan" value={value} aria-hidden tabIndex={-1} hidden />
        </>
      )
    }
    render(
      <TrackingProvider tracker={tracker}>
        <TrackForm name="Plans" onSubmit={(e) => e.preventDefault()}>
          <Plan value="free" />
          <Plan value="pro" />
        </TrackForm>
      </TrackingProvider>,
    )
    fireEvent.focus(screen.getByRole('radio', { name: 'pro' }))
    expect(await events()).toEqual([])
    fireEvent.click(screen.getByRole('radio', { name: 'pro' }))
    expect(await events()).toEqual([['Started Form', { form: 'Plans', field: 'plan' }]])
  })
})
