import { composeStories, setProjectAnnotations } from '@storybook/react-vite'
import { describe, expect, it } from 'vitest'
import * as addon from '../src/storybook/preview'
import * as preview from '../.storybook/preview'
import { storyViolations } from '../stories/support/storyTracker'

// as in Storybook: the addon's annotations (its one provider per story), then the project's
setProjectAnnotations([addon, preview])

// Every story of the playground runs here in jsdom, play function included: the stories
// double as tracking QA.
const modules = import.meta.glob<Record<string, unknown>>('../stories/**/*.stories.tsx', {
  eager: true,
})

describe.each(Object.entries(modules))('%s', (_file, module) => {
  const stories = Object.entries(
    composeStories(module as Parameters<typeof composeStories>[0]),
  ) as [string, { run: () => Promise<void>; parameters?: Record<string, unknown> }][]
  it.each(stories)('%s plays', async (_name, Story) => {
    await Story.run()
    expect(document.body.textContent).not.toBe('')
    // every event a story fires is in the example plan, with the right properties — except
    // in the stories that show what a violation looks like
    const violations = (await storyViolations()).map((v) => v.message)
    if ((Story as { parameters?: Record<string, unknown> }).parameters?.trackplanExpectViolations)
      expect(violations.length).toBeGreaterThan(0)
    else expect(violations).toEqual([])
  })
})
