// Plan coverage of the playground: every event of stories/plan.ts must be fired by some
// story's play function (run by test/stories.test.tsx), or the test run fails.
import { afterAll } from 'vitest'
import { checkPlanCoverage, resetFiredEvents, writeFiredEvents } from 'trackplan/testing/coverage'
import { plan } from '../stories/plan'

const dir = 'node_modules/.cache/trackplan-coverage'

/** globalSetup: start empty; at the end, check. */
export const setup = (): void => resetFiredEvents(dir)
export const teardown = (): void => void checkPlanCoverage({ plan, dir, failWith: 'exitCode' })

/** setupFiles: each worker writes what it fired. */
export const recordWorker = (): void => afterAll(() => writeFiredEvents(dir))
