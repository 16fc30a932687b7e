// A tracked <form> whose tree is not its document's when its ref is called, or moves after:
// decision 0194 has it listen on its document (or shadow root) only. React itself listens on
// each portal's container, so the app's handlers keep working wherever that container goes.
import { act, useEffect, useState, type ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { createPortal } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { fireEvent, render } from '@testing-library/react'
import { TrackForm } from 'trackplan'
import { setupTracker } from '../react/utils'

/** A modal's portal: its container made in render, put where it belongs in an effect. */
function Modal({ into, children }: { into: () => ParentNode; children: ReactNode }) {
  const [container] = useState(() => document.createElement('div'))
  useEffect(() => {
    into().append(container)
    return () => container.remove()
  }, [container, into])
  return createPortal(children, container)
}

/** A person typing: the value set as the browser does (React's value tracker sees it), then `input`. */
const edit = (input: HTMLInputElement, value: string) =>
  fireEvent.input(input, { target: { value } })

describe('a tracked form in a tree that is not where its document listens', () => {
  afterEach(() => document.body.replaceChildren())

  it('a modal whose portal container is appended into a same-origin iframe: the edits start the form, as the app still hears them', async () => {
    const { wrapper, events } = setupTracker()
    const iframe = document.createElement('iframe')
    document.body.append(iframe)
    const body = iframe.contentDocument!.body
    const changes: string[] = []
    render(
      <Modal into={() => body}>
        <TrackForm name="Feedback">
          <input name="comment" onChange={(e) => changes.push(e.target.value)} />
        </TrackForm>
      </Modal>,
      { wrapper },
    )
    edit(body.querySelector('input')!, 'hi')
    expect(changes).toEqual(['hi']) // React's own listener, on the portal's container, hears it
    expect((await events()).map((e) => e.event)).toEqual(['Started Form'])
  })

  it('the same modal appended into the shadow root an app is rendered in (an extension, a widget)', async () => {
    const { wrapper, events } = setupTracker()
    const host = document.createElement('div')
    document.body.append(host)
    const shadow = host.attachShadow({ mode: 'open' })
    const changes: string[] = []
    render(
      <Modal into={() => shadow}>
        <TrackForm name="Feedback">
          <input name="comment" onChange={(e) => changes.push(e.target.value)} />
        </TrackForm>
      </Modal>,
      { wrapper },
    )
    edit(shadow.querySelector('input')!, 'hi')
    expect(changes).toEqual(['hi'])
    expect((await events()).map((e) => e.event)).toEqual(['Started Form'])
  })

  it('a form rendered into a container that is not in the document (a test, an offscreen render)', async () => {
    const { wrapper: Wrapper, events } = setupTracker()
    const container = document.createElement('div')
    const root = createRoot(container)
    const changes: string[] = []
    await act(async () =>
      root.render(
        <Wrapper>
          <TrackForm name="Feedback">
            <input name="comment" onChange={(e) => changes.push(e.target.value)} />
          </TrackForm>
        </Wrapper>,
      ),
    )
    edit(container.querySelector('input')!, 'hi')
    expect(changes).toEqual(['hi'])
    expect((await events()).map((e) => e.event)).toEqual(['Started Form'])
    await act(async () => root.unmount())
  })

  it('a mounted form moved into another document (Document Picture-in-Picture, an iframe)', async () => {
    const { wrapper, events } = setupTracker()
    const { container } = render(
      <TrackForm name="Feedback">
        <input name="comment" />
      </TrackForm>,
      { wrapper },
    )
    const form = container.querySelector('form')!
    const iframe = document.createElement('iframe')
    document.body.append(iframe)
    iframe.contentDocument!.body.append(form)
    edit(form.querySelector('input')!, 'hi')
    container.append(form) // back, for React to unmount
    expect((await events()).map((e) => e.event)).toEqual(['Started Form'])
  })

  it('the modal in a shadow root: a submit the browser blocks is a validation failure, and the submit counts the fields', async () => {
    const { wrapper, events } = setupTracker()
    const host = document.createElement('div')
    document.body.append(host)
    const shadow = host.attachShadow({ mode: 'open' })
    render(
      <Modal into={() => shadow}>
        <TrackForm name="Feedback" onSubmit={(e) => e.preventDefault()}>
          <input name="comment" required />
          <button type="submit">Send</button>
        </TrackForm>
      </Modal>,
      { wrapper },
    )
    fireEvent.click(shadow.querySelector('button')!)
    await new Promise((resolve) => setTimeout(resolve, 10))
    edit(shadow.querySelector('input')!, 'hi')
    fireEvent.click(shadow.querySelector('button')!)
    const sent = await events()
    expect(sent.map((e) => e.event)).toEqual([
      'Failed Form Submission',
      'Started Form',
      'Submitted Form',
    ])
    expect(sent[0]!.properties).toMatchObject({
      reason: 'validation',
      errors: [{ field: 'comment', code: 'valueMissing' }],
    })
    expect(sent[2]!.properties).toMatchObject({ fieldsTouched: ['comment'] })
  })
})

describe('a tracked form in its document: each event once, heard before the app', () => {
  afterEach(() => document.body.replaceChildren())

  it('the common modal, its container appended to document.body in an effect: a blocked submit lists the field once', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <Modal into={() => document.body}>
        <TrackForm name="Feedback" id="feedback">
          <input name="comment" required />
          <button type="submit">Send</button>
        </TrackForm>
      </Modal>,
      { wrapper },
    )
    fireEvent.click(document.querySelector('button')!)
    await new Promise((resolve) => setTimeout(resolve, 10))
    const sent = await events()
    expect(sent.map((e) => e.event)).toEqual(['Failed Form Submission'])
    expect(sent[0]!.properties.errors).toEqual([{ field: 'comment', code: 'valueMissing' }])
  })

  it('its own controls and one tied by form="id" each count once; an ancestor stopping them in capture hides nothing (0194)', async () => {
    const { wrapper, tracker, events } = setupTracker()
    const { container, unmount } = render(
      <div
        onInputCapture={(e) => {
          tracker.track('App Heard Input')
          e.stopPropagation()
        }}
      >
        <TrackForm name="Feedback" id="feedback">
          <input name="comment" />
        </TrackForm>
        <input name="rating" form="feedback" />
      </div>,
      { wrapper },
    )
    edit(container.querySelector<HTMLInputElement>('[name=comment]')!, 'a')
    edit(container.querySelector<HTMLInputElement>('[name=comment]')!, 'ab')
    edit(container.querySelector<HTMLInputElement>('[name=rating]')!, '5')
    unmount()
    const sent = await events()
    expect(sent.map((e) => e.event)).toEqual([
      'Started Form',
      'App Heard Input',
      'App Heard Input',
      'App Heard Input',
      'Abandoned Form',
    ])
    expect(sent[4]!.properties).toMatchObject({ fieldsTouched: ['comment', 'rating'] })
  })
})
