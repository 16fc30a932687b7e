import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { TrackErrorBoundary, useTrackError } from 'trackplan'
import { setupTracker } from './utils'

function Crasher({ message }: { message: string }): never {
  throw new TypeError(message)
}

describe('TrackErrorBoundary', () => {
  it('records a render error (name, message truncated to 200, first component) and renders the fallback', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { wrapper, events } = setupTracker()
    const onError = vi.fn()
    render(
      <TrackErrorBoundary
        fallback={<p>Something broke</p>}
        onError={onError}
        properties={{ area: 'checkout' }}
      >
        <Crasher message={'x'.repeat(300)} />
      </TrackErrorBoundary>,
      { wrapper },
    )
    expect(screen.getByText('Something broke')).toBeTruthy()
    const [event] = await events()
    expect(event!.event).toBe('Encountered Error')
    expect(event!.properties).toEqual({
      area: 'checkout',
      errorName: 'TypeError',
      message: `${'x'.repeat(199)}…`,
      component: 'Crasher',
      handled: false,
    })
    expect(onError).toHaveBeenCalledOnce()
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(TypeError)
    vi.restoreAllMocks()
  })

  it('a fallback function gets the error and a reset that renders the children again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { wrapper, events } = setupTracker()
    let broken = true
    function Flaky() {
      if (broken) throw new Error('flaky')
      return <p>All good</p>
    }
    render(
      <TrackErrorBoundary
        event="Crashed Widget"
        fallback={({ error, reset }) => (
          <button onClick={reset}>Retry after {(error as Error).message}</button>
        )}
      >
        <Flaky />
      </TrackErrorBoundary>,
      { wrapper },
    )
    broken = false
    await userEvent.click(screen.getByRole('button', { name: 'Retry after flaky' }))
    expect(screen.getByText('All good')).toBeTruthy()
    expect((await events()).map((e) => e.event)).toEqual(['Crashed Widget'])
    vi.restoreAllMocks()
  })
})

describe('useTrackError', () => {
  it('records handled errors of any kind, described, never thrown', async () => {
    const { wrapper, events } = setupTracker()
    let trackError!: ReturnType<typeof useTrackError>
    function Pay() {
      trackError = useTrackError()
      return null
    }
    render(<Pay />, { wrapper })
    act(() => {
      trackError(new Error('Card declined'), { step: 'payment' })
      trackError('Network unreachable')
      trackError({ code: 'E42', detail: 'quota' })
      trackError(null)
      const circular: Record<string, unknown> = {}
      circular.self = circular
      trackError(circular)
    })
    expect((await events()).map((e) => e.properties)).toEqual([
      { step: 'payment', errorName: 'Error', message: 'Card declined', handled: true },
      { errorName: 'string', message: 'Network unreachable', handled: true },
      { errorName: 'object', message: '{"code":"E42","detail":"quota"}', handled: true },
      { errorName: 'null', message: 'null', handled: true },
      { errorName: 'object', message: '[object Object]', handled: true },
    ])
  })

  it('properties that cannot be read are sent as "[Unreadable]" and reported, never thrown', async () => {
    const { wrapper, events, errors } = setupTracker()
    let trackError!: ReturnType<typeof useTrackError>
    function Pay() {
      trackError = useTrackError()
      return null
    }
    render(<Pay />, { wrapper })
    const hostile = {
      step: 'payment',
      get card(): string {
        throw new Error('getter')
      },
    }
    expect(() => act(() => trackError(new Error('Card declined'), hostile))).not.toThrow()
    expect((await events())[0]!.properties).toMatchObject({
      step: 'payment',
      card: '[Unreadable]',
      message: 'Card declined',
      handled: true,
    })
    expect(errors.map((e) => e.code)).toContain('invalid_event')
  })
})
