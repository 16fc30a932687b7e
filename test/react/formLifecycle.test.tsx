import { act, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { createPortal } from 'react-dom'
import { describe, expect, it } from 'vitest'
import { TrackForm, useFormTracking, type FormController } from 'trackplan'
import { setupTracker } from './utils'

describe('a form rendered into another document (an iframe portal)', () => {
  it('TrackForm portalled into an iframe (react-frame-component, editor previews) records Started Form', async () => {
    const iframe = document.createElement('iframe')
    document.body.appendChild(iframe)
    let unmount = (): void => {}
    try {
      const frameBody = iframe.contentDocument!.body
      const { wrapper, events } = setupTracker()
      ;({ unmount } = render(
        <>
          {createPortal(
            <TrackForm name="InFrame" onSubmit={(e) => e.preventDefault()}>
              <input name="email" aria-label="Email" />
            </TrackForm>,
            frameBody,
          )}
        </>,
        { wrapper },
      ))
      fireEvent.input(frameBody.querySelector('input')!, { target: { value: 'x' } })
      // actual: [] — the iframe's elements are not `instanceof Element` of the parent realm
      expect((await events()).map((e) => [e.event, e.properties.field])).toEqual([
        ['Started Form', 'email'],
      ])
    } finally {
      unmount()
      iframe.remove()
    }
  })
})

describe('trackAction keeps what the action returns', () => {
  it('an action returning a minimal thenable (then() returns nothing) still returns something awaitable with its value', async () => {
    const { wrapper } = setupTracker()
    let form!: FormController
    function F() {
      form = useFormTracking({ name: 'Thenable' })
      return <form ref={form.ref} />
    }
    render(<F />, { wrapper })
    // a hand-written thenable (or a library's lazy result) whose then() returns nothing
    const thenable = {
      then(resolve: (value: unknown) => void) {
        resolve({ ok: true })
      },
    }
    const result = form.trackAction(() => thenable)()
    // actual: undefined — the wrapper returns `result.then(...)`, i.e. whatever then() returned
    expect(result).toBeDefined()
    expect(await (result as PromiseLike<unknown>)).toEqual({ ok: true })
  })
})

describe('a started form that unmounts while its submit is pending, then fails', () => {
  it('records Abandoned Form after the failure (as when an error boundary replaces it)', async () => {
    const { wrapper, events } = setupTracker()
    let reject!: (e: Error) => void
    function Host() {
      const [show, setShow] = useState(true)
      return show ? (
        <TrackForm
          name="Pending"
          onSubmit={(e) => {
            e.preventDefault()
            setShow(false) // the form is replaced by a spinner / the user navigates away
            return new Promise((_resolve, rej) => (reject = rej))
          }}
        >
          <input name="a" aria-label="A" />
          <button type="submit">Go</button>
        </TrackForm>
      ) : null
    }
    render(<Host />, { wrapper })
    fireEvent.input(screen.getByRole('textbox', { name: 'A' }), { target: { value: 'x' } })
    fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    await act(async () => {
      // the config lets this message go unhandled: TrackForm leaves the rejection the app's
      reject(new Error('POST /signup answered 500'))
      await new Promise((r) => setTimeout(r, 0))
    })
    // actual: ['Started Form', 'Failed Form Submission'] — the form is gone, never submitted, never abandoned
    expect((await events()).map((e) => e.event)).toEqual([
      'Started Form',
      'Failed Form Submission',
      'Abandoned Form',
    ])
  })
})
