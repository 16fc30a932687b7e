/**
 * `trackplan/server`: the core for Node 20+, `flushOnExit`, and `compilePlan` to check
 * envelopes against the plan where they arrive (a collector, an API route).
 */
import { installEngine } from '../core/createTracker'
import * as engine from '../core/engine'

// on a server the bytes do not matter and the engine is there from the first call
installEngine(engine)

export * from '../core/index'
export { flushOnExit } from './flushOnExit'
export type { FlushOnExitOptions } from './flushOnExit'
export { compilePlan } from '../plan/validate'
