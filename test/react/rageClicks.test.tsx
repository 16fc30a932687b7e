import { useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TrackingProvider, useRageClicks } from 'trackplan'
import { setupTracker } from './utils'

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }))
afterEach(() => vi.useRealTimers())

/** Clicks as a person does: at a position, some milliseconds after the previous click. */
function click(element: Element, x = 10, y = 10, after = 200) {
  act(() => vi.advanceTimersByTime(after))
  fireEvent.click(element, { clientX: x, clientY: y, detail: 1 })
}

function Page() {
  return (
    <>
      <button data-track-id="buy" aria-label="Buy now">
        Buy for $12 (text is never sent)
      </button>
      <div role="button">Menu</div>
      <button data-track-id="save" aria-label="Save">
        <svg>
          <path data-testid="save-icon" d="M0 0h1v1H0z" />
        </svg>
        <span>Save</span>
      </button>
      <button data-track-id="pay" disabled>
        Pay
      </button>
      <input aria-label="Search" />
      <input aria-label="Seats" type="number" />
      <select aria-label="Plan">
        <option>Pro</option>
      </select>
      <div data-track-ignore>
        <button>Ignored</button>
      </div>
    </>
  )
}

/** The provider's watcher is its own chunk, fetched after mount: wait until it listens. */
async function providerWithRage(tracker: Parameters<typeof TrackingProvider>[0]['tracker']) {
  const add = vi.spyOn(document, 'addEventListener')
  render(
    <TrackingProvider tracker={tracker} rageClicks>
      <Page />
    </TrackingProvider>,
  )
  await vi.waitFor(() => expect(add).toHaveBeenCalledWith('click', expect.any(Function), true))
  add.mockRestore()
}

describe('rage clicks', () => {
  it('3+ quick clicks on one element → one Rage Clicked per burst, with clickCount and a PII-free target', async () => {
    const { tracker, events } = setupTracker()
    await providerWithRage(tracker)
    const buy = screen.getByRole('button', { name: 'Buy now' })
    for (let i = 0; i < 5; i++) click(buy, 10 + i * 5, 10)
    act(() => vi.advanceTimersByTime(1000))
    const tracked = await events()
    expect(tracked.map((e) => [e.event, e.properties])).toEqual([
      ['Rage Clicked', { target: 'button#buy[aria-label="Buy now"]', clickCount: 5 }],
    ])
    expect(JSON.stringify(tracked)).not.toContain('$12')
  })

  it('clicks alternating between an svg path in a button and its text are one burst on the button', async () => {
    const { tracker, events } = setupTracker()
    await providerWithRage(tracker)
    const icon = screen.getByTestId('save-icon')
    const text = screen.getByText('Save')
    for (const element of [icon, text, icon, text]) click(element)
    act(() => vi.advanceTimersByTime(1000))
    expect((await events()).map((e) => [e.event, e.properties])).toEqual([
      ['Rage Clicked', { target: 'button#save[aria-label="Save"]', clickCount: 4 }],
    ])
  })

  it('a pointer press and the click it makes count once; a disabled button’s presses count', async () => {
    const { tracker, events } = setupTracker()
    await providerWithRage(tracker)
    /** A mouse press as browsers send it: pointerup, then (unless the control is disabled) click. */
    const press = (element: Element, withClick: boolean) => {
      act(() => vi.advanceTimersByTime(200))
      fireEvent.pointerUp(element, {
        clientX: 10,
        clientY: 10,
        button: 0,
        isPrimary: true,
        pointerType: 'mouse',
      })
      if (withClick) fireEvent.click(element, { clientX: 10, clientY: 10, detail: 1 })
    }
    const buy = screen.getByRole('button', { name: 'Buy now' })
    for (let i = 0; i < 3; i++) press(buy, true)
    act(() => vi.advanceTimersByTime(1000))
    const pay = screen.getByRole('button', { name: 'Pay' })
    for (let i = 0; i < 3; i++) press(pay, false)
    act(() => vi.advanceTimersByTime(1000))
    expect((await events()).map((e) => [e.properties.target, e.properties.clickCount])).toEqual([
      ['button#buy[aria-label="Buy now"]', 3],
      ['button#pay', 3],
    ])
  })

  it('no rage for slow clicks, far-apart clicks, two clicks, or clicks on different elements', async () => {
    const { tracker, events } = setupTracker()
    await providerWithRage(tracker)
    const buy = screen.getByRole('button', { name: 'Buy now' })
    const menu = screen.getByRole('button', { name: 'Menu' })
    for (let i = 0; i < 4; i++) click(buy, 10, 10, 1100)
    for (let i = 0; i < 4; i++) click(buy, 10 + i * 40, 10)
    click(buy)
    click(buy)
    click(menu)
    click(buy)
    act(() => vi.advanceTimersByTime(2000))
    expect(await events()).toEqual([])
  })

  it('skips text inputs, number steppers, selects and data-track-ignore', async () => {
    const { tracker, events } = setupTracker()
    await providerWithRage(tracker)
    for (const el of [
      screen.getByLabelText('Search'),
      screen.getByLabelText('Seats'),
      screen.getByLabelText('Plan'),
      screen.getByText('Ignored'),
    ]) {
      for (let i = 0; i < 4; i++) click(el)
    }
    act(() => vi.advanceTimersByTime(2000))
    expect(await events()).toEqual([])
  })

  it('useRageClicks takes options; one pointerup and one click listener, removed on unmount', async () => {
    const { wrapper, events } = setupTracker()
    const add = vi.spyOn(document, 'addEventListener')
    const remove = vi.spyOn(document, 'removeEventListener')
    function Watch() {
      useRageClicks({ clicks: 4, interval: 500, radius: 5, event: 'Rage Tapped' })
      return <div role="button">Menu</div>
    }
    const { unmount } = render(<Watch />, { wrapper })
    const menu = screen.getByRole('button', { name: 'Menu' })
    for (let i = 0; i < 3; i++) click(menu, 10, 10, 100)
    act(() => vi.advanceTimersByTime(600))
    for (let i = 0; i < 4; i++) click(menu, 10, 10, 100)
    act(() => vi.advanceTimersByTime(600))
    expect((await events()).map((e) => [e.event, e.properties.clickCount])).toEqual([
      ['Rage Tapped', 4],
    ])
    for (const type of ['pointerup', 'click'])
      expect(add.mock.calls.filter((c) => c[0] === type)).toHaveLength(1)
    unmount()
    for (const type of ['pointerup', 'click'])
      expect(remove.mock.calls.filter((c) => c[0] === type)).toHaveLength(1)
    vi.restoreAllMocks()
  })
})

/** Number steppers as libraries and shops build them; the button pressed is `data-testid="press"`. */
const STEPPERS: [string, ReactNode][] = [
  [
    // aria-controls naming a text input: React Aria's NumberField types its field as text
    'React Aria NumberField',
    <div role="group" key="aria">
      <button type="button" aria-label="Decrease Seats" aria-controls="seats" tabIndex={-1}>
        −
      </button>
      <input id="seats" type="text" inputMode="numeric" aria-roledescription="Number field" />
      <button
        type="button"
        aria-label="Increase Seats"
        aria-controls="seats"
        tabIndex={-1}
        data-testid="press"
      >
        +
      </button>
    </div>,
  ],
  [
    // no ARIA link: buttons named plus and minus beside a number input (Shopify's Dawn theme)
    'Shopify quantity-input',
    <div className="quantity" key="dawn">
      <button name="minus" type="button" aria-label="Decrease quantity">
        −
      </button>
      <input type="number" name="updates[]" defaultValue="1" />
      <button name="plus" type="button" aria-label="Increase quantity" data-testid="press">
        <svg />
      </button>
    </div>,
  ],
  [
    // the handlers sit in a wrapper beside the input's wrapper: their grandparent holds it
    'Ant Design InputNumber',
    <div className="ant-input-number" key="ant">
      <div className="ant-input-number-handler-wrap">
        <span role="button" aria-label="Increase Value" data-testid="press" />
        <span role="button" aria-label="Decrease Value" />
      </div>
      <div className="ant-input-number-input-wrap">
        <input role="spinbutton" aria-valuenow={1} defaultValue="1" />
      </div>
    </div>,
  ],
  [
    // icon-only steppers, unlabelled
    'Chakra NumberInput',
    <div key="chakra">
      <input role="spinbutton" defaultValue="1" />
      <div>
        <div role="button" tabIndex={-1} data-testid="press">
          <svg />
        </div>
        <div role="button" tabIndex={-1}>
          <svg />
        </div>
      </div>
    </div>,
  ],
  [
    'plain + and − beside a number input',
    <div key="plain">
      <input type="button" value="−" />
      <input type="number" defaultValue="1" />
      <input type="button" value="+" data-testid="press" />
    </div>,
  ],
]

/** Buttons beside a quantity that are not its steppers: rage there is still rage. */
const NOT_STEPPERS: [string, ReactNode][] = [
  [
    'Add to cart beside a quantity',
    <form key="cart" onSubmit={(e) => e.preventDefault()}>
      <input type="number" aria-label="Quantity" defaultValue="1" />
      <button type="button" data-testid="press">
        Add to cart
      </button>
    </form>,
  ],
  [
    'Remove beside a quantity',
    <div key="remove">
      <input type="number" aria-label="Quantity" defaultValue="1" />
      <button type="button" data-testid="press">
        Remove
      </button>
    </div>,
  ],
]

describe('rage clicks skip number steppers', () => {
  async function rageOn(markup: ReactNode) {
    const { wrapper, events } = setupTracker()
    function Page() {
      useRageClicks()
      return markup
    }
    render(<Page />, { wrapper })
    for (let i = 0; i < 4; i++) click(screen.getByTestId('press'))
    act(() => vi.advanceTimersByTime(2000))
    return (await events()).filter((e) => e.event === 'Rage Clicked')
  }

  it.each(STEPPERS)('%s: four presses of + are no rage', async (_, markup) => {
    expect(await rageOn(markup)).toEqual([])
  })

  it.each(NOT_STEPPERS)('%s: four presses are rage', async (_, markup) => {
    expect(await rageOn(markup)).toHaveLength(1)
  })
})

describe("one tracker, two watchers: a page's useRageClicks() under <TrackingProvider rageClicks>", () => {
  it("the page's watcher counts, with its options, however they mounted; the provider's when it is gone", async () => {
    const { tracker, events } = setupTracker()
    let showPage: (shown: boolean) => void = () => {}
    function Checkout() {
      useRageClicks({ clicks: 5, event: 'Rage Tapped' })
      return null
    }
    function App() {
      const [shown, setShown] = useState(false)
      showPage = setShown
      return (
        <TrackingProvider tracker={tracker} rageClicks>
          <button data-track-id="pay">Pay</button>
          {shown && <Checkout />}
        </TrackingProvider>
      )
    }
    render(<App />)
    const pay = screen.getByRole('button', { name: 'Pay' })
    const burst = (clicks: number) => {
      for (let i = 0; i < clicks; i++) click(pay)
      act(() => vi.advanceTimersByTime(1500))
    }
    burst(3) // the provider alone: Rage Clicked
    act(() => showPage(true)) // mounted after the provider, the page still counts
    burst(4) // under the page's 5: nothing
    burst(5) // Rage Tapped, once
    act(() => showPage(false))
    burst(3) // the provider again
    expect((await events()).map((e) => [e.event, e.properties.clickCount])).toEqual([
      ['Rage Clicked', 3],
      ['Rage Tapped', 5],
      ['Rage Clicked', 3],
    ])
  })
})

describe('rage clicks and other windows', () => {
  function Watch({ children }: { children?: ReactNode }) {
    useRageClicks()
    return children
  }

  it('a button an iframe made, moved into the page, is watched like any other', async () => {
    const { wrapper, events } = setupTracker()
    const frame = document.body.appendChild(document.createElement('iframe'))
    const button = frame.contentDocument!.createElement('button')
    button.setAttribute('data-track-id', 'framed')
    render(<Watch />, { wrapper })
    document.body.append(button)
    expect(button instanceof Element).toBe(false) // still of the iframe's window
    for (let i = 0; i < 3; i++) click(button)
    act(() => vi.advanceTimersByTime(1500))
    expect((await events()).map((e) => [e.event, e.properties])).toEqual([
      ['Rage Clicked', { target: 'button#framed', clickCount: 3 }],
    ])
    button.remove()
    frame.remove()
  })

  it("presses in an iframe's document are not seen (the listeners are on the page's), and nothing throws", async () => {
    const { wrapper, events, errors } = setupTracker()
    const frame = document.body.appendChild(document.createElement('iframe'))
    const { unmount } = render(
      <Watch>{createPortal(<button>Framed</button>, frame.contentDocument!.body)}</Watch>,
      {
        wrapper,
      },
    )
    const button = frame.contentDocument!.querySelector('button')!
    for (let i = 0; i < 3; i++) {
      act(() => vi.advanceTimersByTime(200))
      fireEvent.pointerUp(button, { clientX: 10, clientY: 10 })
      fireEvent.click(button, { clientX: 10, clientY: 10, detail: 1 })
    }
    act(() => vi.advanceTimersByTime(1500))
    expect(await events()).toEqual([])
    expect(errors).toEqual([])
    unmount()
    frame.remove()
  })
})
