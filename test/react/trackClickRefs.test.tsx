import { render, screen } from '@testing-library/react'
import { Slot } from '@radix-ui/react-slot'
import { cloneElement, useReducer, version, type ReactElement, type ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { TrackClick } from 'trackplan'
import { setupTracker } from './utils'

/**
 * A trigger that keeps its element in a reducer (as Headless UI's Menu/Listbox buttons do
 * through their store): its ref is the stable `dispatch`, each call a new state object.
 */
function Trigger({ children }: { children: ReactElement }) {
  const [state, setElement] = useReducer(
    (_: { element: Element | null; renders: number }, element: Element | null) => ({
      element,
      renders: _.renders + 1,
    }),
    { element: null, renders: 0 },
  )
  if (state.renders > 50) throw new Error(`the trigger's ref was called ${state.renders} times`)
  return cloneElement(children, { ref: setElement } as object)
}

function Harness({ children }: { children: ReactNode }) {
  return <>{children}</>
}

describe(`TrackClick hands a parent's ref a stable callback (React ${version})`, () => {
  it('control: Radix Slot under the same trigger mounts', () => {
    const { wrapper } = setupTracker()
    render(
      <Trigger>
        <Slot>
          <button>Options</button>
        </Slot>
      </Trigger>,
      { wrapper },
    )
    expect(screen.getByRole('button', { name: 'Options' })).toBeTruthy()
  })

  it('TrackClick under a trigger whose ref updates state mounts without a render loop', () => {
    const { wrapper } = setupTracker()
    render(
      <Harness>
        <Trigger>
          <TrackClick event="Opened Menu">
            <button>Options</button>
          </TrackClick>
        </Trigger>
      </Harness>,
      { wrapper },
    )
    expect(screen.getByRole('button', { name: 'Options' })).toBeTruthy()
  })
})
