import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Menu, MenuButton, MenuItem, MenuItems } from '@headlessui/react'
import { Fragment, type ReactNode } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import { createTracker, memorySink, TrackClick, TrackingProvider } from 'trackplan'
import { stubResizeObserver } from './observers'

beforeEach(stubResizeObserver)

function setup() {
  const memory = memorySink()
  const tracker = createTracker({ sinks: [memory], storage: 'memory' })
  const names = async () => {
    await tracker.flush()
    return memory.events.map((e) => e.event)
  }
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TrackingProvider tracker={tracker}>{children}</TrackingProvider>
  )
  return { names, wrapper }
}

describe('TrackClick under other libraries that clone it', () => {
  it('Headless UI MenuButton as={Fragment} and MenuItem', async () => {
    const { names, wrapper } = setup()
    render(
      <Menu>
        <MenuButton as={Fragment}>
          <TrackClick event="Opened Menu">
            <button>Options</button>
          </TrackClick>
        </MenuButton>
        <MenuItems>
          <MenuItem>
            <TrackClick event="Chose Edit">
              <button>Edit</button>
            </TrackClick>
          </MenuItem>
        </MenuItems>
      </Menu>,
      { wrapper },
    )
    // React: "Maximum update depth exceeded" on mount, before any click
    await userEvent.click(screen.getByRole('button', { name: 'Options' }))
    const item = await screen.findByRole('menuitem', { name: 'Edit' })
    await userEvent.click(item)
    expect(await names()).toEqual(['Opened Menu', 'Chose Edit'])
  })
})
