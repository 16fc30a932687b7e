import { useState } from 'react'
import type { Decorator } from '@storybook/react-vite'
import { TrackingProvider } from 'trackplan'
import { EventLog } from './EventLog'
import { createStoryTracker } from './storyTracker'

/** Wraps each story in a provider with its own tracker, and shows the live event log beside it. */
export const withEventLog: Decorator = (Story, context) => {
  const [{ tracker }] = useState(createStoryTracker)
  const properties = (context.parameters.trackplan as { properties?: Record<string, unknown> } | undefined)?.properties
  return (
    <TrackingProvider tracker={tracker} {...(properties ? { properties } : {})}>
      <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start' }}>
        <main style={{ flex: 1 }}>
          <Story />
        </main>
        <EventLog tracker={tracker} />
      </div>
    </TrackingProvider>
  )
}
