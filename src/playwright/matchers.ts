import { expect as baseExpect, type ExpectMatcherState } from '@playwright/test'
import type { TrackedEvent } from '../core/types'
import { trackplanMatchers } from '../testing/matchers'
import type { CollectorCapture, Tracking } from './types'

/** An assertion that retries until it holds or its timeout passes, like Playwright's own. */
async function retry(
  state: ExpectMatcherState,
  options: MatcherOptions | undefined,
  check: () => { pass: boolean; message: () => string },
): Promise<{ pass: boolean; message: () => string }> {
  const deadline = Date.now() + (options?.timeout ?? state.timeout)
  let result = check()
  while (result.pass === state.isNot && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    result = check()
  }
  return result
}

/** Like Playwright's own assertions: `timeout` overrides `expect.timeout` for this call. */
export interface MatcherOptions {
  timeout?: number
}

type Receiver = Tracking | CollectorCapture
const received = (r: Receiver): { events(): readonly TrackedEvent[] } => ({
  events: () => (typeof r.events === 'function' ? r.events() : r.events),
})

/** `expect`, with `toHaveTracked`, `toHaveTrackedTimes` and `toHaveTrackedInOrder` for `tracking` (or `tracking.collector`), retried until the timeout. */
export const expect = baseExpect.extend({
  async toHaveTracked(
    this: ExpectMatcherState,
    tracking: Receiver,
    event: string,
    properties?: Record<string, unknown>,
    options?: MatcherOptions,
  ) {
    const result = await retry(this, options, () =>
      trackplanMatchers.toHaveTracked.call(
        { isNot: this.isNot },
        received(tracking),
        event,
        properties,
      ),
    )
    return { ...result, name: 'toHaveTracked' }
  },
  async toHaveTrackedTimes(
    this: ExpectMatcherState,
    tracking: Receiver,
    event: string,
    times: number,
    options?: MatcherOptions,
  ) {
    const result = await retry(this, options, () =>
      trackplanMatchers.toHaveTrackedTimes.call(
        { isNot: this.isNot },
        received(tracking),
        event,
        times,
      ),
    )
    return { ...result, name: 'toHaveTrackedTimes' }
  },
  async toHaveTrackedInOrder(
    this: ExpectMatcherState,
    tracking: Receiver,
    events: readonly string[],
    options?: MatcherOptions,
  ) {
    const result = await retry(this, options, () =>
      trackplanMatchers.toHaveTrackedInOrder.call(
        { isNot: this.isNot },
        received(tracking),
        events,
      ),
    )
    return { ...result, name: 'toHaveTrackedInOrder' }
  },
})
