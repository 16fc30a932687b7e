import { act, fireEvent, render, screen } from '@testing-library/react'
import * as React from 'react'
import { version } from 'react'
import { describe, expect, it } from 'vitest'
import { TrackForm, useFormTracking, type FormController } from 'trackplan'
import { setupTracker } from './utils'

const react19 = Number.parseInt(version, 10) >= 19

describe('form events lost to the 32 KB envelope limit', () => {
  it('a long value in a captureValues field does not lose the Submitted Form event', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm name="Feedback" captureValues={['comment']} onSubmit={(e) => e.preventDefault()}>
        <textarea name="comment" aria-label="Comment" />
        <button type="submit">Send</button>
      </TrackForm>,
      { wrapper },
    )
    const comment = screen.getByRole('textbox', { name: 'Comment' })
    // a user pastes a long text (an e-mail thread, a log) into a feedback box
    fireEvent.input(comment, { target: { value: 'x'.repeat(40_000) } })
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    const names = (await events()).map((e) => e.event)
    // expected: the conversion is recorded (the captured value cut, or left out); actual: dropped
    expect(names).toEqual(['Started Form', 'Submitted Form'])
  })

  it('failure() with a large form library errors object (a field array) still records the failure', async () => {
    const { wrapper, events } = setupTracker()
    let form!: FormController
    function Rows() {
      form = useFormTracking({ name: 'Inventory' })
      return <form ref={form.ref} />
    }
    render(<Rows />, { wrapper })
    // react-hook-form's errors for a 500-row field array where every row is empty
    const rows = Array.from({ length: 500 }, () => ({
      name: { type: 'too_small', message: 'String must contain at least 1 character(s)' },
    }))
    act(() => form.failure({ rows }))
    const failed = (await events()).filter((e) => e.event === 'Failed Form Submission')
    expect(failed).toHaveLength(1)
  })
})

describe.runIf(react19)('forms inside <Activity> (React 19)', () => {
  it('hiding a started form with <Activity mode="hidden"> (a tab switch, state kept) is not Abandoned; its later submit is the only ending', async () => {
    const Activity = (
      React as unknown as {
        Activity: React.ComponentType<{ mode: string; children: React.ReactNode }>
      }
    ).Activity
    expect(Activity).toBeDefined()
    const { wrapper, events } = setupTracker()
    function Tabs({ mode }: { mode: 'visible' | 'hidden' }) {
      return (
        <Activity mode={mode}>
          <TrackForm name="Profile" onSubmit={(e) => e.preventDefault()}>
            <input name="city" aria-label="City" />
            <button type="submit">Save</button>
          </TrackForm>
        </Activity>
      )
    }
    const { rerender } = render(<Tabs mode="visible" />, { wrapper })
    fireEvent.input(screen.getByRole('textbox', { name: 'City' }), { target: { value: 'Oslo' } })
    rerender(<Tabs mode="hidden" />)
    rerender(<Tabs mode="visible" />)
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    const names = (await events()).map((e) => e.event)
    // actual: ['Started Form', 'Abandoned Form', 'Submitted Form'] — abandoned, then submitted, for one start
    expect(names).toEqual(['Started Form', 'Submitted Form'])
  })
})
