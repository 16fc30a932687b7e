/**
 * `trackplan/server`: the core for Node 20+, `flushOnExit`, and `compilePlan` to check
 * envelopes against the plan where they arrive (a collector, an API route).
 */

export * from '../entries/core'
export { flushOnExit } from './flushOnExit'
export type { FlushOnExitOptions } from './flushOnExit'
export { compilePlan } from '../plan/validate'
