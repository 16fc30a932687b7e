import type { TrackedEvent, Tracker, Violation } from 'trackplan'
import { createTestTracker } from 'trackplan/testing'
import { plan } from '../plan'

/**
 * The playground's tracker: one per rendered story, over a memory sink, so a story's play
 * function can assert the events it caused and the log can show them.
 */
export interface StoryTracker {
  tracker: Tracker
  /** Every envelope so far (after a flush). */
  events(): Promise<readonly TrackedEvent[]>
  /** Every plan violation so far (after a flush). */
  violations(): Promise<readonly Violation[]>
}

let current: StoryTracker | undefined

export function createStoryTracker(): StoryTracker {
  const test = createTestTracker({ plan })
  current = {
    tracker: test.tracker as unknown as Tracker,
    async events() {
      await test.tracker.flush()
      return test.events()
    },
    async violations() {
      await test.tracker.flush()
      return test.violations()
    },
  }
  return current
}

/** The events the current story has fired; for play functions. */
export async function storyEvents(): Promise<readonly TrackedEvent[]> {
  return current ? current.events() : []
}

/** The plan violations of the current story's events; for tests. */
export async function storyViolations(): Promise<readonly Violation[]> {
  return current ? current.violations() : []
}

/** Polls until the story has fired an event named `name`, then returns the events so far. */
export async function waitForEvent(name: string, timeout = 2000): Promise<readonly TrackedEvent[]> {
  const until = Date.now() + timeout
  for (;;) {
    const events = await storyEvents()
    if (events.some((e) => e.event === name) || Date.now() > until) return events
    await new Promise((r) => setTimeout(r, 20))
  }
}
