/**
 * `trackplan/playwright` (Node only): a Playwright fixture that captures every envelope from
 * every tracker in every page and frame of a test — development and production builds
 * alike, no change to the app — and web-first matchers over them.
 *
 * @example
 * import { test, expect } from 'trackplan/playwright'
 * import { plan } from '../src/tracking-plan'
 *
 * test.use({ trackingPlan: plan })
 * test('upgrading', async ({ page, tracking }) => {
 *   await page.goto('/pricing')
 *   await page.getByRole('button', { name: 'Upgrade' }).click()
 *   await expect(tracking).toHaveTracked('Clicked Upgrade', { plan: 'pro' })
 * })
 */
import { test as base, type TestInfo } from '@playwright/test'
import { DEVTOOLS_KEY } from '../core/devtools'
import type { TrackingPlan } from '../plan/types'
import { ATTACHMENT } from './attachment'
import { createRecorder, trackingOf, type Recorder } from './recorder'
import { pageScript } from './pageScript'
import { ANALYTICS_ENDPOINTS, type Tracking, type TrackingOptions } from './types'

export { expect } from './matchers'
export type { MatcherOptions } from './matchers'
export { ANALYTICS_ENDPOINTS } from './types'
export type { CollectorCapture, Tracking, TrackingOptions, TrackingRecord } from './types'

const BINDING = '__trackplanPlaywright'

/** After the test: what fired (for the reporter's coverage), and the plan's violations failing it (or warned of). */
async function endOfTest(
  testInfo: TestInfo,
  recorder: Recorder,
  plan: TrackingPlan | undefined,
  violationsAre: TrackingOptions['trackingViolations'],
): Promise<void> {
  await testInfo.attach(ATTACHMENT, {
    body: JSON.stringify({
      fired: [...recorder.fired],
      planned: plan ? Object.keys(plan.events) : undefined,
    }),
    contentType: 'application/json',
  })
  const violations = recorder.records.flatMap((r) => r.violations)
  if (!violations.length) return
  const text = `[trackplan] ${violations.length} tracked event(s) broke the tracking plan:\n${violations.map((v) => `  - ${v.message}`).join('\n')}`
  if (violationsAre === 'fail') throw new Error(text)
  testInfo.annotations.push({ type: 'warning', description: text })
  console.warn(text)
}

/** Playwright's `test` with the `tracking` fixture and its options. */
export const test = base.extend<TrackingOptions & { tracking: Tracking }>({
  trackingPlan: [undefined, { option: true }],
  trackingViolations: ['fail', { option: true }],
  trackingBlock: [false, { option: true }],
  trackingCollector: [[], { option: true }],
  tracking: [
    async (
      { context, trackingPlan, trackingViolations, trackingBlock, trackingCollector },
      use,
      testInfo,
    ) => {
      const recorder = createRecorder(trackingPlan)
      await context.exposeBinding(BINDING, recorder.receive)
      const collector = [...trackingCollector]
      await context.addInitScript({
        content: pageScript({ key: DEVTOOLS_KEY, binding: BINDING, collector }),
      })
      const blocked =
        trackingBlock === true ? ANALYTICS_ENDPOINTS : trackingBlock === false ? [] : trackingBlock
      for (const pattern of blocked)
        await context.route(pattern, (route) => route.abort('blockedbyclient'))
      for (const pattern of trackingCollector) {
        // what the page's fetch wrapper does not see (XMLHttpRequest, an image pixel) is answered here
        await context.route(pattern, async (route) => {
          recorder.collect(route.request().url(), route.request().postData() ?? '')
          await route.fulfill({ status: 200, contentType: 'application/json', body: '{}' })
        })
      }
      await use(trackingOf(recorder))
      await endOfTest(testInfo, recorder, trackingPlan, trackingViolations)
    },
    { auto: true },
  ],
})
