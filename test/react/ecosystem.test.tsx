import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Slot } from '@radix-ui/react-slot'
import * as Dialog from '@radix-ui/react-dialog'
import * as Tooltip from '@radix-ui/react-tooltip'
import { createRef, forwardRef, version, type ComponentProps } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TrackClick } from 'trackplan'
import { stubResizeObserver } from './observers'
import { setupTracker } from './utils'

beforeEach(stubResizeObserver)
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

/** Development's check that a click handler reached the DOM runs 50 ms after a render: wait for it, mounted. */
async function wiringWarnings(): Promise<string[]> {
  const warn = vi.spyOn(console, 'warn')
  await new Promise((resolve) => setTimeout(resolve, 80))
  return warn.mock.calls.map(String).filter((message) => message.includes('never passed'))
}

describe(`TrackClick is transparent to a parent that clones it (React ${version})`, () => {
  it("a real Radix Dialog trigger (asChild) still opens, gets its aria and data props, and gets focus back through the child's ref", async () => {
    const { wrapper, events } = setupTracker()
    render(
      <Dialog.Root>
        <Dialog.Trigger asChild>
          <TrackClick event="Opened Settings">
            <button>Settings</button>
          </TrackClick>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Content aria-describedby={undefined}>
            <Dialog.Title>Settings</Dialog.Title>
            <Dialog.Close>Close</Dialog.Close>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>,
      { wrapper },
    )
    const trigger = screen.getByRole('button', { name: 'Settings' })
    expect(trigger.getAttribute('aria-haspopup')).toBe('dialog')
    expect(trigger.getAttribute('data-state')).toBe('closed')
    await userEvent.click(trigger)
    expect(screen.getByRole('dialog')).toBeTruthy()
    expect(trigger.getAttribute('aria-expanded')).toBe('true')
    expect(trigger.getAttribute('data-state')).toBe('open')
    await userEvent.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    // Radix returns focus to the trigger it holds by ref
    expect(document.activeElement).toBe(trigger)
    expect((await events()).map((e) => e.event)).toEqual(['Opened Settings'])
  })

  it('a real Radix Tooltip trigger (asChild) still opens on focus and describes the button', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <Tooltip.Provider delayDuration={0}>
        <Tooltip.Root>
          <Tooltip.Trigger asChild>
            <TrackClick event="Clicked Share">
              <button>Share</button>
            </TrackClick>
          </Tooltip.Trigger>
          <Tooltip.Portal>
            <Tooltip.Content>Copy a link</Tooltip.Content>
          </Tooltip.Portal>
        </Tooltip.Root>
      </Tooltip.Provider>,
      { wrapper },
    )
    await userEvent.tab()
    const trigger = screen.getByRole('button', { name: 'Share' })
    expect(document.activeElement).toBe(trigger)
    expect(trigger.getAttribute('data-state')).toMatch(/open/)
    expect(screen.getByRole('tooltip').textContent).toBe('Copy a link')
    await act(async () => {
      trigger.click()
    })
    expect((await events()).map((e) => e.event)).toEqual(['Clicked Share'])
  })

  it('every prop and the ref a Slot injects reach the child; handlers run child, then track, then parent', async () => {
    const { wrapper, events, tracker } = setupTracker()
    const order: string[] = []
    const slotRef = createRef<HTMLButtonElement>()
    const childRef = createRef<HTMLButtonElement>()
    tracker.subscribe?.(() => order.push('tracked'))
    render(
      <Slot
        ref={slotRef}
        data-state="closed"
        aria-label="Open menu"
        className="slot"
        style={{ color: 'red' }}
        onClick={() => order.push('parent')}
        onPointerDown={() => order.push('parent pointerdown')}
      >
        <TrackClick event="Opened Menu">
          <button
            ref={childRef}
            className="child"
            style={{ margin: 0 }}
            onClick={() => order.push('child')}
            onPointerDown={() => order.push('child pointerdown')}
          >
            Menu
          </button>
        </TrackClick>
      </Slot>,
      { wrapper },
    )
    const button = screen.getByRole('button', { name: 'Open menu' })
    expect(slotRef.current).toBe(button)
    expect(childRef.current).toBe(button)
    expect(button.getAttribute('data-state')).toBe('closed')
    expect(button.className).toBe('slot child')
    expect(button.getAttribute('style')).toBe('color: red; margin: 0px;')
    await userEvent.click(button)
    await events()
    expect(order.filter((step) => step !== 'tracked')).toEqual([
      'child pointerdown',
      'parent pointerdown',
      'child',
      'parent',
    ])
    expect(order.indexOf('tracked')).toBeGreaterThan(order.indexOf('child'))
  })

  it('a parent handler that the child prevents still runs (as with Radix Slot), and the click is tracked', async () => {
    const { wrapper, events } = setupTracker()
    const parent = vi.fn()
    render(
      <Slot onClick={parent}>
        <TrackClick event="Clicked Link">
          <a href="/pricing" onClick={(e) => e.preventDefault()}>
            Pricing
          </a>
        </TrackClick>
      </Slot>,
      { wrapper },
    )
    await userEvent.click(screen.getByRole('link', { name: 'Pricing' }))
    expect(parent).toHaveBeenCalledTimes(1)
    expect((await events()).map((e) => e.event)).toEqual(['Clicked Link'])
  })

  it('nested TrackClicks each record their event, innermost first', async () => {
    const { wrapper, events } = setupTracker()
    const own = vi.fn()
    render(
      <TrackClick event="Clicked Card">
        <TrackClick event="Clicked Buy" properties={{ plan: 'pro' }}>
          <button onClick={own}>Buy</button>
        </TrackClick>
      </TrackClick>,
      { wrapper },
    )
    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))
    expect(own).toHaveBeenCalledTimes(1)
    expect(await wiringWarnings()).toEqual([])
    expect((await events()).map((e) => [e.event, e.properties])).toEqual([
      ['Clicked Buy', { plan: 'pro' }],
      ['Clicked Card', {}],
    ])
  })

  it('a component child that forwards its props and ref gets the injected ones too', async () => {
    const { wrapper, events } = setupTracker()
    const Button = forwardRef<HTMLButtonElement, ComponentProps<'button'>>(
      function Button(props, ref) {
        return <button ref={ref} {...props} />
      },
    )
    const slotRef = createRef<HTMLButtonElement>()
    const parent = vi.fn()
    render(
      <Slot ref={slotRef} onClick={parent} aria-expanded="false">
        <TrackClick event="Opened Menu">
          <Button>Menu</Button>
        </TrackClick>
      </Slot>,
      { wrapper },
    )
    const button = screen.getByRole('button', { name: 'Menu' })
    expect(slotRef.current).toBe(button)
    expect(button.getAttribute('aria-expanded')).toBe('false')
    await userEvent.click(button)
    expect(parent).toHaveBeenCalledTimes(1)
    expect(await wiringWarnings()).toEqual([])
    expect((await events()).map((e) => e.event)).toEqual(['Opened Menu'])
  })

  it('a component child that wraps onClick in its own handler (as next/link does) is not warned about', async () => {
    const { wrapper, events } = setupTracker()
    function NavLink({ onClick, children }: { onClick?: (e: unknown) => void; children: string }) {
      return (
        <a
          href="#pricing"
          onClick={(e) => {
            e.preventDefault()
            onClick?.(e)
          }}
        >
          {children}
        </a>
      )
    }
    render(
      <TrackClick event="Clicked Pricing">
        <NavLink>Pricing</NavLink>
      </TrackClick>,
      { wrapper },
    )
    expect(await wiringWarnings()).toEqual([])
    await userEvent.click(screen.getByRole('link', { name: 'Pricing' }))
    expect((await events()).map((e) => e.event)).toEqual(['Clicked Pricing'])
  })
})
