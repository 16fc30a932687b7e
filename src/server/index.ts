/**
 * `trackplan/server`: the core for Node 20+, plus `flushOnExit`.
 */
export * from '../core/index'
export { flushOnExit } from './flushOnExit'
export type { FlushOnExitOptions } from './flushOnExit'
