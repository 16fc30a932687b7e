import { composeStories, setProjectAnnotations } from '@storybook/react-vite'
import { describe, expect, it } from 'vitest'
import * as preview from '../.storybook/preview'

setProjectAnnotations(preview)

// Every story of the playground runs here in jsdom, play function included: the stories
// double as tracking QA.
const modules = import.meta.glob<Record<string, unknown>>('../stories/**/*.stories.tsx', { eager: true })

describe.each(Object.entries(modules))('%s', (_file, module) => {
  const stories = Object.entries(composeStories(module as Parameters<typeof composeStories>[0])) as [string, { run: () => Promise<void> }][]
  it.each(stories)('%s plays', async (_name, Story) => {
    await Story.run()
    expect(document.body.textContent).not.toBe('')
  })
})
