import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import { TrackingPanel } from '../../src/panel/components/TrackingPanel'
import { sampleEvents, samplePlan } from './sampleSession'

/** The addon's panel view, on its own: pure, props in, callbacks out. */
function Harness({ empty = false, dark = false }: { empty?: boolean; dark?: boolean }) {
  const [events, setEvents] = useState(empty ? [] : sampleEvents)
  const [paused, setPaused] = useState(false)
  const [selected, setSelected] = useState<string | null>(null)
  const [steps, setSteps] = useState<string[]>([
    'Added to Cart',
    'Started Checkout',
    'Completed Purchase',
  ])
  return (
    <div
      style={{
        height: 420,
        border: '1px solid #ccc',
        color: dark ? '#e4e4e4' : '#2e3438',
        background: dark ? '#222425' : '#fff',
      }}
    >
      <TrackingPanel
        events={events}
        plan={samplePlan}
        paused={paused}
        onPause={setPaused}
        onClear={() => setEvents([])}
        selected={selected}
        onSelect={setSelected}
        onExport={() => {}}
        steps={steps}
        onSteps={setSteps}
      />
    </div>
  )
}

const meta = {
  title: 'Addon/TrackingPanel',
  component: Harness,
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof Harness>
export default meta
type Story = StoryObj<typeof meta>

/** Newest first, repeats collapsed (×2), status badges with the reason; filter and details. */
export const Events: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const table = canvas.getByRole('table', { name: 'Tracked events' })
    await expect(within(table).getAllByRole('row')).toHaveLength(1 + 8)
    await expect(within(table).getByText('×2')).toBeTruthy()
    await expect(
      within(table).getByText(/must be one of "free", "pro", "team"; got "enterprise"/),
    ).toBeTruthy()
    await userEvent.type(canvas.getByRole('textbox', { name: 'Filter events' }), 'cart')
    await expect(within(table).getAllByRole('row')).toHaveLength(1 + 2)
    await userEvent.click(within(table).getAllByRole('button', { name: 'Added to Cart' })[0]!)
    await expect(canvas.getByRole('region', { name: 'Event details' }).textContent).toContain(
      '"sku": "tee"',
    )
  },
}

/** The plan's events and which fired in this session. */
export const Plan: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('tab', { name: 'Plan' }))
    const plan = canvas.getByRole('table', { name: 'Tracking plan' })
    await expect(within(plan).getByText('Started Checkout')).toBeTruthy()
    await expect(canvas.getByText(/planned events fired in this session/).textContent).toMatch(
      /^\d+ of \d+/,
    )
  },
}

/** Added to Cart 2 → Started Checkout 1 (50 %) → Completed Purchase 1 (100 % from previous, 50 % from first). */
export const Funnel: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('tab', { name: 'Plan' }))
    // arrow keys move between tabs
    await userEvent.keyboard('{ArrowRight}')
    const funnel = canvas.getByRole('list', { name: 'Funnel' })
    const steps = within(funnel)
      .getAllByRole('listitem')
      .map((li) => li.getAttribute('aria-label'))
    await expect(steps).toEqual([
      'Added to Cart: 2, — from previous, 100 % from first',
      'Started Checkout: 1, 50 % from previous, 50 % from first',
      'Completed Purchase: 1, 100 % from previous, 50 % from first',
    ])
  },
}

/** Nothing yet: a hint instead of an empty table. In Storybook's dark theme colours. */
export const EmptyDark: Story = {
  args: { empty: true, dark: true },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByText('No events yet: interact with the story.'),
    ).toBeTruthy()
  },
}
