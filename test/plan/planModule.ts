// Loads the plan module `importPlan` writes, in memory: esbuild compiles the TypeScript as
// tsc would strip it (a syntax error throws, as it would in the app), and the module's two
// imports resolve to the source tree's `trackplan/core` and to zod. About a millisecond, so
// property tests can load a thousand generated modules.
import { transformSync } from 'esbuild'
import * as zod from 'zod'
import * as core from '../../src/entries/core'
import type { TrackingPlan } from '../../src/plan/types'

const MODULES: Record<string, unknown> = { 'trackplan/core': core, zod }

/** The `plan` a generated module exports. */
export function loadPlanModule(source: string): TrackingPlan {
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs' })
  const module = { exports: {} as { plan?: TrackingPlan } }
  const require = (name: string): unknown => {
    if (!Object.hasOwn(MODULES, name)) throw new Error(`the plan module imports ${name}`)
    return MODULES[name]
  }
  new Function('require', 'module', 'exports', code)(require, module, module.exports)
  if (!module.exports.plan) throw new Error('the plan module exports no plan')
  return module.exports.plan
}
