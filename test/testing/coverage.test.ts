// @vitest-environment node
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defineTrackingPlan } from 'trackplan'
import { createTestTracker } from 'trackplan/testing'
import { checkPlanCoverage, resetFiredEvents, writeFiredEvents } from 'trackplan/testing/coverage'

const plan = defineTrackingPlan({
  events: { 'Viewed Pricing': {}, 'Clicked Plan': {}, 'Renewed Subscription': {} },
})

describe('plan coverage across a run', () => {
  it('collects what each worker fired, prints the table, and throws naming what never fired', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trackplan-cov-')), 'fired')
    resetFiredEvents(dir)
    const t = createTestTracker({ plan })
    t.tracker.track('Viewed Pricing')
    await t.tracker.flush()
    writeFiredEvents(dir)
    expect(readdirSync(dir)).toHaveLength(1)
    const lines: string[] = []
    expect(() => checkPlanCoverage({ plan, dir, log: (l) => lines.push(l) })).toThrow(
      '[trackplan] 2 planned event(s) never fired in any test: Clicked Plan, Renewed Subscription. Write a test that fires each, or list it in allowMissing.',
    )
    expect(lines).toEqual([
      '\ntrackplan coverage: 1/3 planned events fired by the tests',
      '| event | fired |',
      '| --- | --- |',
      '| Viewed Pricing | yes |',
      '| Clicked Plan | **no** |',
      '| Renewed Subscription | **no** |',
    ])
    const coverage = checkPlanCoverage({
      plan,
      dir,
      allowMissing: ['Clicked Plan', 'Renewed Subscription'],
      log: () => {},
    })
    expect(coverage.fired).toEqual(['Viewed Pricing'])
  })
})
