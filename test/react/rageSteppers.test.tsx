import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useRageClicks } from 'trackplan'
import { setupTracker } from './utils'

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }))
afterEach(() => vi.useRealTimers())

function press(element: Element, after = 250) {
  act(() => vi.advanceTimersByTime(after))
  fireEvent.click(element, { clientX: 10, clientY: 10, detail: 1 })
}

/**
 * A number stepper as the ARIA practices, React Aria's NumberField, Shopify's cart quantity
 * and MUI's number input build it: a `role=spinbutton` field and −/+ buttons that control it.
 */
function Quantity() {
  useRageClicks()
  return (
    <div role="group" aria-label="Quantity">
      <button type="button" aria-label="Decrease" aria-controls="qty">
        −
      </button>
      <input
        id="qty"
        role="spinbutton"
        inputMode="numeric"
        defaultValue="1"
        aria-label="Quantity"
      />
      <button type="button" aria-label="Increase" aria-controls="qty">
        +
      </button>
    </div>
  )
}

describe('rage clicks skip number steppers (SPEC: Negative signals)', () => {
  it("pressing a stepper's + three times to buy 4 is normal use, not rage", async () => {
    const { wrapper, events } = setupTracker()
    render(<Quantity />, { wrapper })
    const increase = screen.getByRole('button', { name: 'Increase' })
    press(increase)
    press(increase)
    press(increase)
    act(() => vi.advanceTimersByTime(2000))
    expect((await events()).filter((e) => e.event === 'Rage Clicked')).toEqual([])
  })
})
