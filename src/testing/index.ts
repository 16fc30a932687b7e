/**
 * `trackplan/testing`: a test tracker, matchers for Vitest and Jest, and plan coverage.
 */
export { createTestTracker } from './createTestTracker'
export type { TestTracker } from './createTestTracker'
export { trackplanMatchers } from './matchers'
export type { TrackplanMatchers } from './matchers'
export { planCoverage } from './planCoverage'
export type { PlanCoverage } from './planCoverage'
export { firedEventNames } from './firedEvents'
