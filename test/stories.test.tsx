import { composeStories, setProjectAnnotations } from '@storybook/react-vite'
import { describe, expect, it } from 'vitest'
import * as preview from '../.storybook/preview'
import { storyViolations } from '../stories/support/storyTracker'

setProjectAnnotations(preview)

// Every story of the playground runs here in jsdom, play function included: the stories
// double as tracking QA.
const modules = import.meta.glob<Record<string, unknown>>('../stories/**/*.stories.tsx', { eager: true })

describe.each(Object.entries(modules))('%s', (_file, module) => {
  const stories = Object.entries(composeStories(module as Parameters<typeof composeStories>[0])) as [string, { run: () => Promise<void> }][]
  it.each(stories)('%s plays', async (_name, Story) => {
    await Story.run()
    expect(document.body.textContent).not.toBe('')
    // every event a story fires is in the example plan, with the right properties
    expect((await storyViolations()).map((v) => v.message)).toEqual([])
  })
})
