import { useState } from 'react'
import type { Decorator } from '@storybook/react-vite'
import { TrackingProvider } from 'trackplan'
import { createStoryTracker } from './storyTracker'

/** Wraps each story in a provider with its own test tracker, checked against the example plan. */
export const withStoryTracker: Decorator = (Story, context) => {
  const [{ tracker }] = useState(createStoryTracker)
  const properties = (context.parameters.trackplan as { properties?: Record<string, unknown> } | undefined)?.properties
  return (
    <TrackingProvider tracker={tracker} {...(properties ? { properties } : {})}>
      <Story />
    </TrackingProvider>
  )
}
