import { act, fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import {
  Activity,
  Component,
  createRef,
  StrictMode,
  useState,
  version,
  type ReactNode,
} from 'react'
import { createPortal } from 'react-dom'
import { useForm } from 'react-hook-form'
import { describe, expect, it, vi } from 'vitest'
import { TrackForm, TrackingProvider } from 'trackplan'
import { setupTracker } from './utils'

function Signup({
  onSubmit,
  ...rest
}: {
  onSubmit?: (e: React.FormEvent<HTMLFormElement>) => unknown
  captureValues?: string[]
}) {
  return (
    <TrackForm
      name="Signup"
      aria-label="Signup"
      className="signup"
      onSubmit={onSubmit ?? ((e) => e.preventDefault())}
      {...rest}
    >
      <input name="email" type="email" aria-label="Email" required />
      <input name="password" type="password" aria-label="Password" required pattern=".{8,}" />
      <select name="plan" aria-label="Plan" defaultValue="free">
        <option value="free">Free</option>
        <option value="pro">Pro</option>
      </select>
      <input aria-label="Nickname" />
      <div data-track-ignore>
        <input name="secretNote" aria-label="Secret note" />
      </div>
      <button type="submit">Sign up</button>
    </TrackForm>
  )
}

/** React 19 runs a function `action` (in a transition); React 18 drops it, with a warning. */
const formActions = Number.parseInt(version, 10) >= 19

describe('TrackForm', () => {
  it('renders a real form: props pass through, the ref reaches it, the app onSubmit runs', async () => {
    const { wrapper } = setupTracker()
    const ref = createRef<HTMLFormElement>()
    const onSubmit = vi.fn((e: React.FormEvent) => e.preventDefault())
    render(
      <TrackForm name="Search" ref={ref} className="search" noValidate onSubmit={onSubmit}>
        <button>Go</button>
      </TrackForm>,
      { wrapper },
    )
    expect(ref.current).toBeInstanceOf(HTMLFormElement)
    expect(ref.current!.className).toBe('search')
    expect(ref.current!.noValidate).toBe(true)
    await userEvent.click(screen.getByRole('button', { name: 'Go' }))
    expect(onSubmit).toHaveBeenCalledOnce()
  })

  it('Started Form on the first input (focus alone is not a start), once, with the field', async () => {
    const { wrapper, events } = setupTracker()
    render(<Signup />, { wrapper })
    await userEvent.click(screen.getByRole('textbox', { name: 'Email' }))
    expect(await events()).toEqual([])
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'a@b.co')
    await userEvent.type(screen.getByLabelText('Password'), 'hunter22')
    const tracked = await events()
    expect(tracked.map((e) => [e.event, e.properties])).toEqual([
      ['Started Form', { form: 'Signup', field: 'email' }],
    ])
  })

  it('Submitted Form on a valid submit, with duration and the fields touched', async () => {
    const { wrapper, events } = setupTracker()
    render(<Signup />, { wrapper })
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'a@b.co')
    await userEvent.type(screen.getByLabelText('Password'), 'hunter22')
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Plan' }), 'pro')
    await userEvent.type(screen.getByRole('textbox', { name: 'Nickname' }), 'jo')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    const submitted = (await events()).find((e) => e.event === 'Submitted Form')!
    expect(submitted.properties).toEqual({
      form: 'Signup',
      durationMs: expect.any(Number),
      fieldsTouched: ['email', 'password', 'plan', 'Nickname'],
    })
  })

  it('native validation blocking the submit → one Failed Form Submission with each field and ValidityState key', async () => {
    const { wrapper, events } = setupTracker()
    render(<Signup />, { wrapper })
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'not-an-email')
    await userEvent.type(screen.getByLabelText('Password'), 'short')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await act(() => new Promise((r) => setTimeout(r, 10)))
    const tracked = await events()
    expect(tracked.map((e) => e.event)).toEqual(['Started Form', 'Failed Form Submission'])
    expect(tracked[1]!.properties).toEqual({
      form: 'Signup',
      reason: 'validation',
      errors: [
        { field: 'email', code: 'typeMismatch' },
        { field: 'password', code: 'patternMismatch' },
      ],
    })
  })

  it('an async onSubmit: Submitted on resolve; Failed (exception) on reject, the rejection staying the app’s', async () => {
    const { wrapper, events } = setupTracker()
    let fail = true
    const rejections: unknown[] = []
    const onRejection = (e: PromiseRejectionEvent) => {
      rejections.push(e.reason)
      e.preventDefault()
    }
    window.addEventListener('unhandledrejection', onRejection)
    process.on('unhandledRejection', (reason) => void rejections.push(reason))
    render(
      <Signup
        onSubmit={async (e) => {
          e.preventDefault()
          await new Promise((r) => setTimeout(r, 5))
          if (fail) throw new Error('Server said 500: email taken')
        }}
      />,
      { wrapper },
    )
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'a@b.co')
    await userEvent.type(screen.getByLabelText('Password'), 'hunter22')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await act(() => new Promise((r) => setTimeout(r, 30)))
    fail = false
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await act(() => new Promise((r) => setTimeout(r, 30)))
    window.removeEventListener('unhandledrejection', onRejection)
    process.removeAllListeners('unhandledRejection')
    const tracked = await events()
    expect(tracked.map((e) => e.event)).toEqual([
      'Started Form',
      'Failed Form Submission',
      'Submitted Form',
    ])
    expect(tracked[1]!.properties).toEqual({
      form: 'Signup',
      reason: 'exception',
      errorName: 'Error',
      message: 'Server said 500: email taken',
    })
    expect(rejections).toHaveLength(1)
  })

  it('Abandoned Form when a started form unmounts, at most once; never when not started or submitted', async () => {
    const { tracker, events } = setupTracker()
    let toggle!: (show: boolean) => void
    function Page() {
      const [show, setShow] = useState(true)
      toggle = setShow
      return show ? <Signup /> : <p>closed</p>
    }
    render(
      <StrictMode>
        <TrackingProvider tracker={tracker}>
          <Page />
        </TrackingProvider>
      </StrictMode>,
    )
    act(() => toggle(false))
    act(() => toggle(true))
    expect(await events()).toEqual([])
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'a@b')
    await userEvent.type(screen.getByRole('textbox', { name: 'Nickname' }), 'x')
    act(() => toggle(false))
    const tracked = await events()
    expect(tracked.map((e) => e.event)).toEqual(['Started Form', 'Abandoned Form'])
    expect(tracked[1]!.properties).toEqual({
      form: 'Signup',
      lastField: 'Nickname',
      fieldsTouched: ['email', 'Nickname'],
      durationMs: expect.any(Number),
      trigger: 'unmount',
    })
  })

  it.runIf(formActions)(
    'a form hidden by <Activity> is not abandoned; shown again, then unmounted, it is (React 19)',
    async () => {
      const { wrapper, events } = setupTracker()
      function Tabs({ mode, open = true }: { mode: 'visible' | 'hidden'; open?: boolean }) {
        return open ? (
          <Activity mode={mode}>
            <Signup />
          </Activity>
        ) : null
      }
      const { rerender } = render(<Tabs mode="visible" />, { wrapper })
      await userEvent.type(screen.getByRole('textbox', { name: 'Nickname' }), 'x')
      rerender(<Tabs mode="hidden" />)
      expect((await events()).map((e) => e.event)).toEqual(['Started Form'])
      rerender(<Tabs mode="visible" />)
      rerender(<Tabs mode="visible" open={false} />)
      const tracked = await events()
      expect(tracked.map((e) => [e.event, e.properties.trigger ?? null])).toEqual([
        ['Started Form', null],
        ['Abandoned Form', 'unmount'],
      ])
    },
  )

  it('Abandoned Form when the page is hidden (once per start); a later edit after success starts a new cycle', async () => {
    const { wrapper, events } = setupTracker()
    render(<Signup />, { wrapper })
    await userEvent.type(screen.getByRole('textbox', { name: 'Nickname' }), 'x')
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    window.dispatchEvent(new Event('pagehide'))
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'a@b.co')
    await userEvent.type(screen.getByLabelText('Password'), 'hunter22')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await userEvent.type(screen.getByRole('textbox', { name: 'Nickname' }), 'y')
    const tracked = await events()
    expect(
      tracked.map((e) => [e.event, e.properties.trigger ?? e.properties.field ?? null]),
    ).toEqual([
      ['Started Form', 'Nickname'],
      ['Abandoned Form', 'pagehide'],
      ['Submitted Form', null],
      ['Started Form', 'Nickname'],
    ])
  })

  it('renames events and adds properties to all four', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm
        name="Newsletter"
        events={{ started: 'Began Newsletter', submitted: 'Joined Newsletter' }}
        properties={{ placement: 'footer' }}
        onSubmit={(e) => e.preventDefault()}
      >
        <input name="email" aria-label="Email" />
        <button>Join</button>
      </TrackForm>,
      { wrapper },
    )
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'a')
    await userEvent.click(screen.getByRole('button', { name: 'Join' }))
    expect((await events()).map((e) => [e.event, e.properties.placement])).toEqual([
      ['Began Newsletter', 'footer'],
      ['Joined Newsletter', 'footer'],
    ])
  })
})

describe('no field values, ever, by default', () => {
  const secrets = [
    'jane.doe@example.com',
    'Sup3rS3cret!',
    '4242424242424242',
    '123-45-6789',
    'my private note',
  ]

  it('typing real-looking secrets leaves no trace in any envelope', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm name="Checkout" onSubmit={(e) => e.preventDefault()}>
        <input name="email" aria-label="Email" />
        <input name="password" type="password" aria-label="Password" />
        <input name="cardNumber" autoComplete="cc-number" aria-label="Card" />
        <input name="ssn" aria-label="SSN" />
        <textarea name="note" aria-label="Note" />
        <button>Pay</button>
      </TrackForm>,
      { wrapper },
    )
    const fields = ['Email', 'Password', 'Card', 'SSN', 'Note']
    for (const [i, label] of fields.entries())
      await userEvent.type(screen.getByLabelText(label), secrets[i]!)
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    const json = JSON.stringify(await events())
    for (const secret of secrets) expect(json).not.toContain(secret)
    expect(json).toContain('Submitted Form')
  })

  it('captureValues allows listed fields only, and never secrets even when listed', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm
        name="Checkout"
        captureValues={['plan', 'country', 'password', 'cardNumber', 'token', 'note', 'agree']}
        onSubmit={(e) => e.preventDefault()}
      >
        <select name="plan" aria-label="Plan" defaultValue="pro">
          <option value="pro">Pro</option>
        </select>
        <input name="country" aria-label="Country" />
        <input name="email" aria-label="Email" />
        <input name="password" type="password" aria-label="Password" />
        <input name="cardNumber" autoComplete="cc-number" aria-label="Card" />
        <input name="token" type="hidden" defaultValue="tok_live_abc" />
        <div data-track-ignore>
          <input name="note" aria-label="Note" />
        </div>
        <input name="agree" type="checkbox" aria-label="Agree" />
        <button>Pay</button>
      </TrackForm>,
      { wrapper },
    )
    await userEvent.type(screen.getByLabelText('Country'), 'NZ')
    await userEvent.type(screen.getByLabelText('Email'), secrets[0]!)
    await userEvent.type(screen.getByLabelText('Password'), secrets[1]!)
    await userEvent.type(screen.getByLabelText('Card'), secrets[2]!)
    await userEvent.type(screen.getByLabelText('Note'), secrets[4]!)
    await userEvent.click(screen.getByLabelText('Agree'))
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    const tracked = await events()
    const submitted = tracked.find((e) => e.event === 'Submitted Form')!
    expect(submitted.properties.values).toEqual({ plan: 'pro', country: 'NZ', agree: true })
    const json = JSON.stringify(tracked)
    for (const secret of [...secrets, 'tok_live_abc']) expect(json).not.toContain(secret)
    expect(submitted.properties.fieldsTouched).toEqual([
      'country',
      'email',
      'password',
      'cardNumber',
      'agree',
    ])
  })

  it('a captured value is cut to 200 characters, so a pasted text never loses the event', async () => {
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm
        name="Feedback"
        captureValues={['comment', 'topics']}
        onSubmit={(e) => e.preventDefault()}
      >
        <textarea name="comment" aria-label="Comment" />
        <input name="topics" type="checkbox" value={'a'.repeat(300)} aria-label="Long topic" />
        <input name="topics" type="checkbox" value="billing" aria-label="Billing" />
        <button>Send</button>
      </TrackForm>,
      { wrapper },
    )
    fireEvent.input(screen.getByLabelText('Comment'), { target: { value: 'x'.repeat(40_000) } })
    await userEvent.click(screen.getByLabelText('Long topic'))
    await userEvent.click(screen.getByRole('button', { name: 'Send' }))
    const submitted = (await events()).find((e) => e.event === 'Submitted Form')!
    expect(submitted.properties.values).toEqual({
      comment: `${'x'.repeat(199)}…`,
      topics: [`${'a'.repeat(199)}…`],
    })
  })
})

describe('a TrackForm portalled into an iframe (editor previews, react-frame-component)', () => {
  it("hears the iframe's elements: started, a blocked submit, then the submit", async () => {
    const iframe = document.createElement('iframe')
    document.body.appendChild(iframe)
    const frame = iframe.contentDocument!
    const { wrapper, events } = setupTracker()
    const { unmount } = render(
      createPortal(
        <TrackForm name="InFrame" onSubmit={(e) => e.preventDefault()}>
          <input name="email" aria-label="Email" required />
          <button>Send</button>
        </TrackForm>,
        frame.body,
      ),
      { wrapper },
    )
    const email = frame.querySelector('input')!
    const send = frame.querySelector('button')!
    fireEvent.input(email, { target: { value: '' } })
    fireEvent.click(send)
    await act(() => new Promise((r) => setTimeout(r, 10)))
    fireEvent.input(email, { target: { value: 'a@b.co' } })
    fireEvent.click(send)
    const tracked = await events()
    unmount()
    iframe.remove()
    expect(tracked.map((e) => [e.event, e.properties.errors ?? null])).toEqual([
      ['Started Form', null],
      ['Failed Form Submission', [{ field: 'email', code: 'valueMissing' }]],
      ['Submitted Form', null],
    ])
  })
})

describe('controls tied to the form by form="id" (a dialog footer) belong to it', () => {
  function DialogSignup({ onSubmit }: { onSubmit?: (e: React.FormEvent) => void }) {
    return (
      <div role="dialog" aria-label="Sign up">
        <TrackForm name="Signup" id="signup" onSubmit={onSubmit ?? ((e) => e.preventDefault())}>
          <input name="nickname" aria-label="Nickname" />
          <input name="search" aria-label="Search" form="site-search" />
        </TrackForm>
        <form id="site-search" aria-label="Site search" onSubmit={(e) => e.preventDefault()} />
        <footer>
          <input name="email" type="email" aria-label="Email" form="signup" required />
          <button type="submit" form="signup">
            Sign up
          </button>
        </footer>
      </div>
    )
  }

  it('an edit to a field outside the <form> starts it; one inside tied to another form does not', async () => {
    const { wrapper, events } = setupTracker()
    render(<DialogSignup />, { wrapper })
    await userEvent.type(screen.getByLabelText('Search'), 'shoes')
    expect(await events()).toEqual([])
    await userEvent.type(screen.getByLabelText('Email'), 'a@b.co')
    expect((await events()).map((e) => [e.event, e.properties])).toEqual([
      ['Started Form', { form: 'Signup', field: 'email' }],
    ])
  })

  it('a required field outside left empty, submitted by a button outside: one failure naming it', async () => {
    const { wrapper, events } = setupTracker()
    const onSubmit = vi.fn((e: React.FormEvent) => e.preventDefault())
    render(<DialogSignup onSubmit={onSubmit} />, { wrapper })
    await userEvent.type(screen.getByLabelText('Nickname'), 'jo')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await act(() => new Promise((r) => setTimeout(r, 10)))
    expect(onSubmit).not.toHaveBeenCalled()
    const tracked = await events()
    expect(tracked.map((e) => e.event)).toEqual(['Started Form', 'Failed Form Submission'])
    expect(tracked[1]!.properties).toEqual({
      form: 'Signup',
      reason: 'validation',
      errors: [{ field: 'email', code: 'valueMissing' }],
    })
  })

  it('the submit button outside submits the form: Submitted Form with the outside field touched', async () => {
    const { wrapper, events } = setupTracker()
    const onSubmit = vi.fn((e: React.FormEvent) => e.preventDefault())
    render(<DialogSignup onSubmit={onSubmit} />, { wrapper })
    await userEvent.type(screen.getByLabelText('Email'), 'a@b.co')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    expect(onSubmit).toHaveBeenCalledOnce()
    const submitted = (await events()).find((e) => e.event === 'Submitted Form')
    expect(submitted?.properties).toEqual({
      form: 'Signup',
      durationMs: expect.any(Number),
      fieldsTouched: ['email'],
    })
  })
})

describe("react-hook-form's handleSubmit given to TrackForm", () => {
  it('development warns, naming useFormTracking: its promise resolves whether or not validation passed', async () => {
    const { wrapper } = setupTracker()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const paid = vi.fn()
    function Payment() {
      const { register, handleSubmit } = useForm<{ card: string }>()
      return (
        <TrackForm name="Payment" noValidate onSubmit={handleSubmit(paid)}>
          <input aria-label="Card" {...register('card', { required: true })} />
          <button>Pay</button>
        </TrackForm>
      )
    }
    render(<Payment />, { wrapper })
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await act(() => new Promise((r) => setTimeout(r, 10)))
    expect(paid).not.toHaveBeenCalled()
    const warnings = warn.mock.calls.map((call) => String(call[0]))
    warn.mockRestore()
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\[trackplan\] <TrackForm name="Payment">: .*react-hook-form.*useFormTracking/s,
      ),
    ])
  })

  it('a handler that does not call event.persist() is not warned about', async () => {
    const { wrapper } = setupTracker()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    render(<Signup />, { wrapper })
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'a@b.co')
    await userEvent.type(screen.getByLabelText('Password'), 'hunter22')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    const warnings = warn.mock.calls.map((call) => String(call[0]))
    warn.mockRestore()
    expect(warnings).toEqual([])
  })
})

describe('a function action (React 19 form actions)', () => {
  class Boundary extends Component<{ children: ReactNode }, { error: Error | null }> {
    override state = { error: null as Error | null }
    static getDerivedStateFromError(error: Error) {
      return { error }
    }
    override render() {
      return this.state.error ? <p role="alert">{this.state.error.message}</p> : this.props.children
    }
  }
  function Newsletter({ action }: { action: (data: FormData) => void | Promise<void> }) {
    return (
      <TrackForm name="Newsletter" action={action}>
        <input name="email" aria-label="Email" />
        <button>Join</button>
      </TrackForm>
    )
  }

  it.runIf(formActions)(
    'Submitted Form when the action resolves, not when the form is submitted',
    async () => {
      const { wrapper, events } = setupTracker()
      const received: unknown[] = []
      let finish!: () => void
      const join = async (data: FormData) => {
        received.push(data.get('email'))
        await new Promise<void>((resolve) => (finish = resolve))
      }
      render(<Newsletter action={join} />, { wrapper })
      await userEvent.type(screen.getByLabelText('Email'), 'a@b.co')
      await userEvent.click(screen.getByRole('button', { name: 'Join' }))
      expect(received).toEqual(['a@b.co'])
      expect((await events()).map((e) => e.event)).toEqual(['Started Form'])
      await act(async () => finish())
      const tracked = await events()
      expect(tracked.map((e) => e.event)).toEqual(['Started Form', 'Submitted Form'])
      expect(tracked[1]!.properties).toEqual({
        form: 'Newsletter',
        durationMs: expect.any(Number),
        fieldsTouched: ['email'],
      })
    },
    15_000,
  )

  it.runIf(formActions)(
    'an action that throws: Failed Form Submission (exception, scrubbed), the error still reaching the error boundary',
    async () => {
      const { tracker, events } = setupTracker()
      const join = async () => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        throw new Error('Server said 500: jo@example.org is taken')
      }
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
      render(
        <TrackingProvider tracker={tracker}>
          <Boundary>
            <Newsletter action={join} />
          </Boundary>
        </TrackingProvider>,
      )
      await userEvent.type(screen.getByLabelText('Email'), 'jo@example.org')
      await userEvent.click(screen.getByRole('button', { name: 'Join' }))
      expect((await screen.findByRole('alert', undefined, { timeout: 5000 })).textContent).toBe(
        'Server said 500: jo@example.org is taken',
      )
      consoleError.mockRestore()
      const tracked = await events()
      expect(tracked.slice(0, 2).map((e) => e.event)).toEqual([
        'Started Form',
        'Failed Form Submission',
      ])
      expect(tracked[1]!.properties).toEqual({
        form: 'Newsletter',
        reason: 'exception',
        errorName: 'Error',
        message: 'Server said 500: [email] is taken',
      })
      expect(tracked.map((e) => e.event)).not.toContain('Submitted Form')
    },
    15_000,
  )

  it.runIf(!formActions)(
    'React 18 has no form actions: the function is left to React 18, which drops it and warns, as for a plain <form>',
    async () => {
      const { wrapper, events } = setupTracker()
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
      const join = vi.fn()
      const onSubmit = vi.fn((e: React.FormEvent) => e.preventDefault())
      render(
        <TrackForm name="Newsletter" aria-label="Newsletter" action={join} onSubmit={onSubmit}>
          <input name="email" aria-label="Email" />
          <button>Join</button>
        </TrackForm>,
        { wrapper },
      )
      const warnings = consoleError.mock.calls.map((call) => String(call[0]))
      consoleError.mockRestore()
      expect(warnings).toEqual([expect.stringContaining('Invalid value for prop %s')])
      expect(screen.getByRole('form', { name: 'Newsletter' }).getAttribute('action')).toBeNull()
      await userEvent.type(screen.getByLabelText('Email'), 'a@b.co')
      await userEvent.click(screen.getByRole('button', { name: 'Join' }))
      expect(join).not.toHaveBeenCalled()
      expect(onSubmit).toHaveBeenCalledOnce()
      expect((await events()).map((e) => e.event)).toEqual(['Started Form', 'Submitted Form'])
    },
  )
})
