// Issue 9, items 13–18 and 25–34: privacy, silent no-ops, the provider, forms and signals —
// each reproduced in jsdom with a real React tree, as a user would hit it.
import { act, fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { exportPlan } from 'trackplan/tools'
import {
  createTracker,
  defineTrackingPlan,
  memorySink,
  TrackClick,
  TrackErrorBoundary,
  TrackForm,
  TrackingProvider,
  TrackView,
  useRageClicks,
  type TrackplanError,
} from 'trackplan'
import { sessionCsv } from '../../src/panel/components/format'
import { setupTracker } from '../react/utils'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  vi.useRealTimers()
})

const named = async (
  events: () => Promise<readonly { event?: string; properties: Record<string, unknown> }[]>,
  name: string,
) => (await events()).filter((e) => e.event === name)

describe('item 13: error messages are scrubbed before they are recorded', () => {
  it('an onSubmit that throws "User alice@example.org already exists" does not send the address', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm
        name="Signup"
        onSubmit={async (e) => {
          e.preventDefault()
          throw new Error('User alice@example.org already exists, card 4242 4242 4242 4242')
        }}
      >
        <input name="email" aria-label="Email" />
        <button>Go</button>
      </TrackForm>,
      { wrapper },
    )
    await userEvent.type(screen.getByLabelText('Email'), 'a')
    await userEvent.click(screen.getByRole('button')).catch(() => {})
    await act(() => new Promise((r) => setTimeout(r, 10)))
    const [failed] = await named(events, 'Failed Form Submission')
    expect(failed?.properties.message).toBe('User [email] already exists, card [number]')
  })

  it('scrubErrorMessages={false} keeps the message as thrown', async () => {
    const memory = memorySink()
    const tracker = createTracker({ storage: 'memory', sinks: [memory] })
    const Boom = (): ReactNode => {
      throw new Error('bob@example.org')
    }
    vi.spyOn(console, 'error').mockImplementation(() => {})
    render(
      <TrackingProvider tracker={tracker} scrubErrorMessages={false}>
        <TrackErrorBoundary fallback={<p>oops</p>}>
          <Boom />
        </TrackErrorBoundary>
      </TrackingProvider>,
    )
    await tracker.flush()
    expect(memory.events[0]?.properties.message).toBe('bob@example.org')
  })
})

describe('item 14: a rage-click burst in progress when the page is hidden is recorded', () => {
  it('records on pagehide, not a second later', async () => {
    const { wrapper, events } = setupTracker()
    const Page = () => {
      useRageClicks()
      return <button>Pay</button>
    }
    render(<Page />, { wrapper })
    const button = screen.getByRole('button')
    for (let i = 0; i < 4; i++) fireEvent.click(button, { clientX: 10, clientY: 10, detail: 1 })
    window.dispatchEvent(new Event('pagehide'))
    const rage = await named(events, 'Rage Clicked')
    expect(rage.map((e) => e.properties.clickCount)).toEqual([4])
  })
})

describe('item 15: exports neutralise formula injection and escape HTML', () => {
  const plan = defineTrackingPlan({
    events: {
      'Clicked Link': {
        description: '=HYPERLINK("http://evil.example","x")',
        owner: '@growth',
        properties: { href: { type: 'string', description: '<img src=x onerror=alert(1)>' } },
      },
    },
  })
  it('CSV cells starting with =, +, -, @ are prefixed; Markdown escapes HTML', () => {
    const csv = exportPlan(plan, 'csv')
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m)
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`)
    expect(csv).toContain(`'@growth`)
    const md = exportPlan(plan, 'markdown')
    expect(md).not.toContain('<img')
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })
  it('the panel’s session CSV too', () => {
    const tracker = createTracker({ storage: 'memory' })
    const event = tracker.track('Clicked Link', { href: '=cmd' })!
    const csv = sessionCsv([{ event, status: 'valid', reasons: ['+1 problem'] } as never])
    expect(csv).toContain("'+1 problem")
  })
})

describe('item 16: a TrackClick whose child drops the handler warns in development', () => {
  it('warns once, naming the fix', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper } = setupTracker()
    const MyButton = ({ children }: { children: ReactNode }) => <button>{children}</button>
    const Good = ({ children, ...rest }: { children: ReactNode }) => (
      <button {...rest}>{children}</button>
    )
    render(
      <>
        <TrackClick event="Clicked Dropped">
          <MyButton>Buy</MyButton>
        </TrackClick>
        <TrackClick event="Clicked Wired">
          <Good>Sell</Good>
        </TrackClick>
      </>,
      { wrapper },
    )
    await act(() => new Promise((r) => setTimeout(r, 80)))
    const lines = warn.mock.calls.map((c) => String(c[0]))
    expect(
      lines.some((l) =>
        l.includes(
          '<TrackClick event="Clicked Dropped">: its child never passed the click handler',
        ),
      ),
    ).toBe(true)
    expect(lines.some((l) => l.includes('Clicked Wired'))).toBe(false)
  })
})

describe('item 16: the wiring check never throws', () => {
  it('a check still pending when the page is gone (a torn-down test environment) does nothing', () => {
    vi.useFakeTimers()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper } = setupTracker()
    const MyButton = ({ children }: { children: ReactNode }) => <button>{children}</button>
    const { unmount } = render(
      <TrackClick event="Clicked Late">
        <MyButton>Buy</MyButton>
      </TrackClick>,
      { wrapper },
    )
    unmount()
    vi.stubGlobal('document', undefined)
    expect(() => vi.advanceTimersByTime(100)).not.toThrow()
    vi.unstubAllGlobals()
  })
})

describe('item 16: a TrackView child without a DOM ref warns with the fix', () => {
  it('names the wrapping element as the fix', async () => {
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        observe() {}
        disconnect() {}
      },
    )
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper } = setupTracker()
    const PriceTable = () => (
      <table>
        <tbody>
          <tr>
            <td>Pro</td>
          </tr>
        </tbody>
      </table>
    )
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      render(
        <TrackView event="Viewed Price Table">
          <PriceTable />
        </TrackView>,
        { wrapper },
      )
      // a child may give its node a moment later: the warning waits a second for it
      vi.advanceTimersByTime(999)
      expect(warn).not.toHaveBeenCalled()
      vi.advanceTimersByTime(1)
    } finally {
      vi.useRealTimers()
    }
    const lines = warn.mock.calls.map((c) => String(c[0]))
    expect(
      lines.some(
        (l) =>
          l.includes('<TrackView event="Viewed Price Table">') &&
          l.includes('<div><PriceTable /></div>'),
      ),
    ).toBe(true)
  })
})

describe('item 17: context properties do not break a strict event', () => {
  it('declared once on the plan, they pass additionalProperties: false; undeclared ones are still flagged', async () => {
    const plan = defineTrackingPlan({
      contextProperties: { app: { type: 'string' }, section: { type: 'string' } },
      events: {
        'Completed Purchase': {
          additionalProperties: false,
          properties: { orderId: { type: 'string', required: true } },
        },
      },
    })
    const errors: TrackplanError[] = []
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const tracker = createTracker({
      plan,
      storage: 'memory',
      properties: { app: 'web' },
      onError: (e) => errors.push(e),
    })
    tracker.track('Completed Purchase', { orderId: 'o1', section: 'checkout' } as never) // as a scope would add it
    expect(errors).toEqual([])
    expect(warn).not.toHaveBeenCalled()
    tracker.track('Completed Purchase', { orderId: 'o1', coupon: 'X' } as never)
    expect(errors.map((e) => e.message).join()).toContain('unexpected property "coupon"')
    tracker.track('Completed Purchase', { orderId: 'o1', section: 3 } as never)
    expect(errors.map((e) => e.message).join()).toContain('"section" must be a string')
  })
})

describe('item 18: Encountered Error names the component stably', () => {
  const Boom = (): ReactNode => {
    throw new Error('broken')
  }
  it('an explicit name wins; in production no minified stack name is sent', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { wrapper, events } = setupTracker()
    render(
      <TrackErrorBoundary name="Checkout" fallback={null}>
        <Boom />
      </TrackErrorBoundary>,
      { wrapper },
    )
    expect((await events())[0]?.properties.component).toBe('Checkout')
  })
  it('in production without a name, component is null rather than a minified name', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.stubEnv('NODE_ENV', 'production')
    const { wrapper, events } = setupTracker()
    render(
      <TrackErrorBoundary fallback={null}>
        <Boom />
      </TrackErrorBoundary>,
      { wrapper },
    )
    expect((await events())[0]?.properties.component).toBeNull()
  })
})

describe('item 25: TrackingProvider never leaves the tree without a tracker', () => {
  it('re-rendered with sinks instead of tracker, it keeps tracking (and says what changed)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const given = memorySink()
    const own = memorySink()
    const tracker = createTracker({ storage: 'memory', sinks: [given] })
    const App = ({ withTracker }: { withTracker: boolean }) => (
      <TrackingProvider
        {...(withTracker ? { tracker } : { sinks: [own], storage: 'memory' as const })}
      >
        <TrackClick event="Clicked Button">
          <button>Go</button>
        </TrackClick>
      </TrackingProvider>
    )
    const { rerender } = render(<App withTracker />)
    fireEvent.click(screen.getByRole('button'))
    rerender(<App withTracker={false} />)
    fireEvent.click(screen.getByRole('button'))
    await tracker.flush()
    await new Promise((r) => setTimeout(r, 0))
    expect(given.events).toHaveLength(1)
    expect(own.events.map((e) => e.event)).toEqual(['Clicked Button'])
    expect(warn.mock.calls.map((c) => String(c[0])).join()).toContain('lost its `tracker` prop')
  })
})

describe('forms, items 26–32', () => {
  it('26: a form replaced by a spinner during an async submit is not abandoned', async () => {
    const { wrapper, events } = setupTracker()
    let finish: () => void = () => {}
    const Flow = () => {
      const [busy, setBusy] = useState(false)
      if (busy) return <p>Saving…</p>
      return (
        <TrackForm
          name="Signup"
          onSubmit={(e) => {
            e.preventDefault()
            setBusy(true)
            return new Promise<void>((r) => (finish = r))
          }}
        >
          <input name="email" aria-label="Email" />
          <button>Go</button>
        </TrackForm>
      )
    }
    render(<Flow />, { wrapper })
    await userEvent.type(screen.getByLabelText('Email'), 'a')
    await userEvent.click(screen.getByRole('button'))
    await act(async () => finish())
    expect((await events()).map((e) => e.event)).toEqual(['Started Form', 'Submitted Form'])
  })

  it('27: a form rendered through a portal inside a TrackForm does not record the outer form’s submit', async () => {
    const { wrapper, events } = setupTracker()
    const host = document.body.appendChild(document.createElement('div'))
    render(
      <TrackForm name="Outer" onSubmit={(e) => e.preventDefault()}>
        <input name="a" aria-label="A" />
        {createPortal(
          <form aria-label="Dialog" onSubmit={(e) => e.preventDefault()}>
            <button>Inner</button>
          </form>,
          host,
        )}
      </TrackForm>,
      { wrapper },
    )
    await userEvent.click(screen.getByRole('button', { name: 'Inner' }))
    expect((await events()).filter((e) => e.event === 'Submitted Form')).toEqual([])
  })

  it('28: checkValidity() without a submit records no failure', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm name="Signup" aria-label="Signup" onSubmit={(e) => e.preventDefault()}>
        <input name="email" aria-label="Email" required />
        <button>Go</button>
      </TrackForm>,
      { wrapper },
    )
    ;(screen.getByRole('form') as HTMLFormElement).checkValidity()
    await act(() => new Promise((r) => setTimeout(r, 5)))
    expect((await events()).filter((e) => e.event === 'Failed Form Submission')).toEqual([])
    await userEvent.click(screen.getByRole('button'))
    await act(() => new Promise((r) => setTimeout(r, 5)))
    expect((await events()).filter((e) => e.event === 'Failed Form Submission')).toHaveLength(1)
  })

  it('29: a second submit with no new edits is the same submission, not a zero-duration duplicate', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm name="Signup" onSubmit={(e) => e.preventDefault()}>
        <input name="email" aria-label="Email" />
        <button>Go</button>
      </TrackForm>,
      { wrapper },
    )
    await userEvent.type(screen.getByLabelText('Email'), 'a')
    await userEvent.dblClick(screen.getByRole('button'))
    expect((await events()).filter((e) => e.event === 'Submitted Form')).toHaveLength(1)
    await userEvent.type(screen.getByLabelText('Email'), 'b')
    await userEvent.click(screen.getByRole('button'))
    expect((await events()).filter((e) => e.event === 'Submitted Form')).toHaveLength(2)
  })

  it('30: captureValues go with Abandoned Form on unmount and with a native-validation failure', async () => {
    const { wrapper, events } = setupTracker()
    const Form = () => (
      <TrackForm name="Signup" onSubmit={(e) => e.preventDefault()} captureValues={['plan']}>
        <input name="plan" aria-label="Plan" />
        <input name="email" aria-label="Email" required />
        <button>Go</button>
      </TrackForm>
    )
    const { unmount } = render(<Form />, { wrapper })
    await userEvent.type(screen.getByLabelText('Plan'), 'pro')
    await userEvent.click(screen.getByRole('button'))
    await act(() => new Promise((r) => setTimeout(r, 5)))
    unmount()
    const all = await events()
    expect(all.find((e) => e.event === 'Failed Form Submission')?.properties.values).toEqual({
      plan: 'pro',
    })
    expect(all.find((e) => e.event === 'Abandoned Form')?.properties.values).toEqual({
      plan: 'pro',
    })
  })

  it('31: a checkbox group sharing a name is the list of checked values', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm name="Prefs" onSubmit={(e) => e.preventDefault()} captureValues={['topics']}>
        <input type="checkbox" name="topics" value="a" aria-label="A" />
        <input type="checkbox" name="topics" value="b" aria-label="B" />
        <input type="checkbox" name="topics" value="c" aria-label="C" />
        <button>Save</button>
      </TrackForm>,
      { wrapper },
    )
    await userEvent.click(screen.getByLabelText('A'))
    await userEvent.click(screen.getByLabelText('C'))
    await userEvent.click(screen.getByRole('button'))
    expect((await events()).find((e) => e.event === 'Submitted Form')?.properties.values).toEqual({
      topics: ['a', 'c'],
    })
  })

  it('32: sensitive by name, id, label, autocomplete and type, whatever captureValues lists', async () => {
    const { wrapper, events } = setupTracker()
    const fields = ['pinNumber', 'pin_code', 'securityCode', 'otp', 'shown', 'plan']
    render(
      <TrackForm name="Pay" onSubmit={(e) => e.preventDefault()} captureValues={fields}>
        <input name="pinNumber" aria-label="f1" defaultValue="1234" />
        <input name="pin_code" aria-label="f2" defaultValue="1234" />
        <input name="securityCode" aria-label="f3" defaultValue="123" />
        <input name="otp" autoComplete="one-time-code" aria-label="f4" defaultValue="999999" />
        <input name="shown" type="text" aria-label="Password" defaultValue="hunter2" />
        <input name="plan" aria-label="f6" defaultValue="pro" />
        <button>Pay</button>
      </TrackForm>,
      { wrapper },
    )
    await userEvent.type(screen.getByLabelText('f6'), 'x')
    await userEvent.click(screen.getByRole('button'))
    expect((await events()).find((e) => e.event === 'Submitted Form')?.properties.values).toEqual({
      plan: 'prox',
    })
  })
})

describe('item 33: TrackView fires for a child far taller than the viewport', () => {
  /** An IntersectionObserver that calls back only when a threshold is crossed, as browsers do. */
  class ThresholdObserver {
    static all: ThresholdObserver[] = []
    ratio = 0
    target: Element | undefined
    disconnected = false
    constructor(
      readonly callback: IntersectionObserverCallback,
      readonly options: IntersectionObserverInit,
    ) {
      ThresholdObserver.all.push(this)
    }
    observe(target: Element) {
      this.target = target
    }
    disconnect() {
      this.disconnected = true
    }
    unobserve() {}
    takeRecords() {
      return []
    }
    /** Scrolls so that `visible` px of a `height` px child show in an 800 px viewport. */
    scroll(visible: number, height: number) {
      const next = visible / height
      const thresholds = ([] as number[]).concat(this.options.threshold ?? 0)
      const crossed =
        thresholds.some((t) => (this.ratio < t && next >= t) || (this.ratio >= t && next < t)) ||
        (this.ratio === 0 && next > 0)
      this.ratio = next
      if (!crossed || this.disconnected) return
      const entry = {
        target: this.target!,
        isIntersecting: next > 0,
        intersectionRatio: next,
        intersectionRect: { height: visible } as DOMRectReadOnly,
        boundingClientRect: { height } as DOMRectReadOnly,
        rootBounds: { height: 800 } as DOMRectReadOnly,
      } as IntersectionObserverEntry
      act(() => this.callback([entry], this as unknown as IntersectionObserver))
    }
  }

  it('an article 25× the viewport counts as viewed once it covers half the viewport', async () => {
    vi.stubGlobal('IntersectionObserver', ThresholdObserver)
    ThresholdObserver.all = []
    const { wrapper, events } = setupTracker()
    render(
      <TrackView event="Viewed Article">
        <article>long</article>
      </TrackView>,
      { wrapper },
    )
    const live = () => ThresholdObserver.all.filter((o) => !o.disconnected).at(-1)
    const height = 20_000 // 25× the viewport: its ratio never reaches 0.1
    for (const visible of [10, 100, 200, 300, 500, 800]) live()?.scroll(visible, height)
    expect((await events()).map((e) => e.event)).toEqual(['Viewed Article'])
  })
})

describe('item 34: selecting text by triple-click is not rage', () => {
  const Page = () => {
    useRageClicks()
    return (
      <>
        <p>Some paragraph a reader selects.</p>
        <button>Pay</button>
      </>
    )
  }
  it('a triple-click on plain text records nothing; the same burst on a button does', async () => {
    const { wrapper, events } = setupTracker()
    render(<Page />, { wrapper })
    const text = screen.getByText(/paragraph/)
    for (const detail of [1, 2, 3]) fireEvent.click(text, { clientX: 5, clientY: 5, detail })
    const button = screen.getByRole('button')
    for (const detail of [1, 2, 3]) fireEvent.click(button, { clientX: 5, clientY: 5, detail })
    window.dispatchEvent(new Event('pagehide'))
    expect((await events()).map((e) => [e.event, (e.properties.target as string) ?? ''])).toEqual([
      ['Rage Clicked', 'button'],
    ])
  })
})
