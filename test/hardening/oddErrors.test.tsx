// Found by an adversarial pass (round 3): odd errors and properties handed to forms and
// error tracking never throw into the app, and scrubbing a long message stays fast.
import { render, renderHook, screen } from '@testing-library/react'
import { expect, test, vi } from 'vitest'
import { TrackErrorBoundary, useFormTracking, useTrackError } from 'trackplan'
import { setupTracker } from '../react/utils'

const form = () => {
  const t = setupTracker()
  const { result } = renderHook(() => useFormTracking({ name: 'Signup' }), { wrapper: t.wrapper })
  return { ...t, form: result.current }
}

for (const [label, value] of [
  ['undefined', undefined],
  ['null', null],
] as const) {
  test(`failure(${label}) from an error callback does not throw into the app`, () => {
    const { form: f } = form()
    expect(() => f.failure(value as never)).not.toThrow()
  })
}

test('failure() with a cyclic errors object (no `type` at the top) does not throw into the app', () => {
  const { form: f } = form()
  const errors: Record<string, unknown> = { message: 'bad' }
  errors.self = errors
  expect(() => f.failure({ email: errors })).not.toThrow()
})

test('failure() with an Error whose message getter throws does not throw into the app', () => {
  const { form: f } = form()
  const error = new Error('x')
  Object.defineProperty(error, 'message', {
    get() {
      throw new Error('nope')
    },
  })
  expect(() => f.failure(error)).not.toThrow()
})

test('trackError(error, properties) with a throwing getter in properties does not throw into the handler', () => {
  const t = setupTracker()
  const { result } = renderHook(() => useTrackError(), { wrapper: t.wrapper })
  const properties = {
    get step(): string {
      throw new Error('getter')
    },
  }
  expect(() => result.current(new Error('x'), properties)).not.toThrow()
})

test('trackError with an Error whose message getter throws does not throw into the handler', () => {
  const t = setupTracker()
  const { result } = renderHook(() => useTrackError(), { wrapper: t.wrapper })
  const error = new Error('x')
  Object.defineProperty(error, 'message', {
    get() {
      throw new Error('nope')
    },
  })
  expect(() => result.current(error)).not.toThrow()
})

test('trackError with a 4.5 KB letters-and-dashes message stays fast (the scrubber is linear and reads at most 800 characters)', () => {
  const t = setupTracker()
  const { result } = renderHook(() => useTrackError(), { wrapper: t.wrapper })
  const t0 = performance.now()
  result.current(new Error('Unknown route ' + 'ab-'.repeat(1500)))
  const ms = performance.now() - t0
  expect(ms).toBeLessThan(200)
}, 60_000)

test('TrackErrorBoundary: a render error whose `message` getter throws — the fallback still renders (tracking never throws into render)', () => {
  const t = setupTracker()
  const hostile = new Error('x')
  Object.defineProperty(hostile, 'message', {
    get() {
      throw new Error('getter')
    },
  })
  const Boom = () => {
    throw hostile
  }
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
  let outcome = 'rendered'
  try {
    render(
      <TrackErrorBoundary fallback={<p>fallback</p>}>
        <Boom />
      </TrackErrorBoundary>,
      { wrapper: t.wrapper },
    )
  } catch (e) {
    outcome = `render threw: ${(e as Error).message}`
  }
  spy.mockRestore()
  expect(outcome).toBe('rendered')
  expect(screen.queryByText('fallback')).not.toBeNull()
})
