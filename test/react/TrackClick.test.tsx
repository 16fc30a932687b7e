import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRef, forwardRef, useRef, type ComponentProps } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { TrackClick, TrackScope } from 'trackplan'
import { setupTracker } from './utils'

describe('TrackClick', () => {
  it('tracks a click on its child without adding DOM', async () => {
    const { wrapper, events } = setupTracker()
    const { container } = render(
      <TrackClick event="Viewed Pricing" properties={{ plan: 'pro' }}>
        <button className="cta">See plans</button>
      </TrackClick>,
      { wrapper },
    )
    expect(container.innerHTML).toBe('<button class="cta">See plans</button>')
    await userEvent.click(screen.getByRole('button', { name: 'See plans' }))
    const tracked = await events()
    expect(tracked.map((e) => [e.event, e.properties])).toEqual([
      ['Viewed Pricing', { plan: 'pro' }],
    ])
  })

  it("keeps the child's own handler (run first) and its ref", async () => {
    const { wrapper, events } = setupTracker()
    const order: string[] = []
    const ref = createRef<HTMLButtonElement>()
    render(
      <TrackClick event="Clicked Buy">
        <button ref={ref} onClick={() => order.push('child')}>
          Buy
        </button>
      </TrackClick>,
      { wrapper },
    )
    expect(ref.current).toBeInstanceOf(HTMLButtonElement)
    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))
    const tracked = await events()
    expect(order).toEqual(['child'])
    expect(tracked).toHaveLength(1)
  })

  it('tracks a click whose handler calls preventDefault (a client-side link)', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackClick event="Clicked Link">
        <a href="/pricing" onClick={(e) => e.preventDefault()}>
          Pricing
        </a>
      </TrackClick>,
      { wrapper },
    )
    await userEvent.click(screen.getByRole('link', { name: 'Pricing' }))
    expect((await events()).map((e) => e.event)).toEqual(['Clicked Link'])
  })

  it('still tracks when the child handler throws, and lets the app see the error', async () => {
    const { tracker, memory, wrapper } = setupTracker()
    const onClick = vi.fn(() => {
      throw new Error('app bug')
    })
    render(
      <TrackClick event="Clicked Broken">
        <button onClick={onClick}>Broken</button>
      </TrackClick>,
      { wrapper },
    )
    const handler = screen.getByRole('button', { name: 'Broken' })
    const errors: unknown[] = []
    const listener = (e: ErrorEvent) => {
      errors.push(e.error)
      e.preventDefault()
    }
    window.addEventListener('error', listener)
    handler.click()
    window.removeEventListener('error', listener)
    await tracker.flush()
    expect(memory.events.map((e) => e.event)).toEqual(['Clicked Broken'])
    // React 18 in development reports a handler's error twice; React 19 once
    expect(errors.length).toBeGreaterThan(0)
    expect(errors[0]).toMatchObject({ message: 'app bug' })
  })

  it('accepts properties computed from the click', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackClick
        event="Clicked Plan"
        properties={(e) => ({ plan: e.currentTarget.getAttribute('data-plan'), shift: e.shiftKey })}
      >
        <button data-plan="team">Team</button>
      </TrackClick>,
      { wrapper },
    )
    await userEvent.click(screen.getByRole('button', { name: 'Team' }))
    expect((await events())[0]!.properties).toEqual({ plan: 'team', shift: false })
  })

  it('a properties function that throws never breaks the click', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper, events } = setupTracker()
    render(
      <TrackClick
        event="Clicked Plan"
        properties={() => {
          throw new Error('oops')
        }}
      >
        <button>Plan</button>
      </TrackClick>,
      { wrapper },
    )
    await userEvent.click(screen.getByRole('button', { name: 'Plan' }))
    expect((await events()).map((e) => e.event)).toEqual(['Clicked Plan'])
    warn.mockRestore()
  })

  it('works on components that pass onClick down, and with the keyboard', async () => {
    const { wrapper, events } = setupTracker()
    const Fancy = forwardRef<HTMLButtonElement, ComponentProps<'button'>>((props, ref) => (
      <button ref={ref} {...props} />
    ))
    function App() {
      const ref = useRef<HTMLButtonElement>(null)
      return (
        <TrackScope properties={{ section: 'hero' }}>
          <TrackClick event="Clicked Start">
            <Fancy ref={ref}>Start</Fancy>
          </TrackClick>
        </TrackScope>
      )
    }
    render(<App />, { wrapper })
    await userEvent.tab()
    await userEvent.keyboard('{Enter}')
    expect((await events()).map((e) => [e.event, e.properties])).toEqual([
      ['Clicked Start', { section: 'hero' }],
    ])
  })

  it('renders children untracked, with a warning naming the fix, when it is not one element', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper } = setupTracker()
    render(<TrackClick event="Clicked Text">{'just text' as never}</TrackClick>, { wrapper })
    expect(screen.getByText('just text')).toBeTruthy()
    expect(String(warn.mock.calls[0]![0])).toContain(
      '<TrackClick event="Clicked Text"> needs exactly one element child',
    )
    warn.mockRestore()
  })
})
