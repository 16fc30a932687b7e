// A field named by a label in its shadow root (aria-labelledby): the label is looked up in the
// field's own tree, not only its document, so a secret word there keeps its value out.
import { fireEvent, render } from '@testing-library/react'
import { createPortal } from 'react-dom'
import { afterEach, describe, expect, it } from 'vitest'
import { TrackForm } from 'trackplan'
import { isSensitiveField } from '../../src/dom/elements'
import { setupTracker } from '../react/utils'

describe('a field labelled in a shadow root', () => {
  afterEach(() => document.body.replaceChildren())

  it('aria-labelledby pointing at "Card number" in the same shadow root: secret, its value never sent', async () => {
    const host = document.createElement('div')
    document.body.append(host)
    const shadow = host.attachShadow({ mode: 'open' })
    const { wrapper, events } = setupTracker()
    render(
      createPortal(
        <TrackForm name="Pay" captureValues={['f1']} onSubmit={(e) => e.preventDefault()}>
          <span id="card-label">Card number</span>
          <input name="f1" aria-labelledby="card-label" defaultValue="4242424242424242" />
          <button type="submit">Pay</button>
        </TrackForm>,
        shadow as unknown as Element,
      ),
      { wrapper },
    )
    const input = shadow.querySelector('input')!
    expect(isSensitiveField(input)).toBe(true)
    fireEvent.input(input, { target: { value: '4242424242424243' } })
    fireEvent.click(shadow.querySelector('button')!)
    const submitted = (await events()).find((e) => e.event === 'Submitted Form')
    expect(submitted?.properties.values).toBeUndefined()
  })
})
