// A tracked form inside real dialog libraries' portals: Headless UI's portal element is made in
// render and appended in a layout effect, after the form's ref ran; Radix's after a mount pass.
import { fireEvent, render, screen } from '@testing-library/react'
import { Dialog, DialogPanel } from '@headlessui/react'
import * as RadixDialog from '@radix-ui/react-dialog'
import { describe, expect, it } from 'vitest'
import { TrackForm } from 'trackplan'
import { stubResizeObserver } from './observers'
import { setupTracker } from './utils'

const Fields = () => (
  <TrackForm name="Invite" onSubmit={(e) => e.preventDefault()}>
    <input name="email" aria-label="Email" required />
    <button type="submit">Send</button>
  </TrackForm>
)

async function blockedThenSent(
  events: () => Promise<{ event?: string; properties: Record<string, unknown> }[]>,
) {
  fireEvent.click(await screen.findByRole('button', { name: 'Send' }))
  await new Promise((resolve) => setTimeout(resolve, 10))
  fireEvent.input(screen.getByRole('textbox', { name: 'Email' }), { target: { value: 'a@b.c' } })
  fireEvent.click(screen.getByRole('button', { name: 'Send' }))
  const sent = await events()
  expect(sent.map((e) => e.event)).toEqual([
    'Failed Form Submission',
    'Started Form',
    'Submitted Form',
  ])
  expect(sent[0]!.properties.errors).toEqual([{ field: 'email', code: 'valueMissing' }])
  expect(sent[2]!.properties.fieldsTouched).toEqual(['email'])
}

describe('a tracked form in a dialog library', () => {
  it('Headless UI Dialog: each event once', async () => {
    stubResizeObserver()
    const { wrapper, events } = setupTracker()
    render(
      <Dialog open onClose={() => {}}>
        <DialogPanel>
          <Fields />
        </DialogPanel>
      </Dialog>,
      { wrapper },
    )
    await blockedThenSent(events)
  })

  it('Radix Dialog: each event once', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <RadixDialog.Root open>
        <RadixDialog.Portal>
          <RadixDialog.Content aria-describedby={undefined}>
            <RadixDialog.Title>Invite</RadixDialog.Title>
            <Fields />
          </RadixDialog.Content>
        </RadixDialog.Portal>
      </RadixDialog.Root>,
      { wrapper },
    )
    await blockedThenSent(events)
  })
})
