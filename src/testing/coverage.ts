/**
 * `trackplan/testing/coverage` (Node): plan coverage across a whole test run. Each test
 * worker writes the names its test trackers fired; a global teardown reads them all,
 * prints the coverage table and fails the run when a planned event never fired.
 *
 * @example
 * // vitest.setup.ts (setupFiles)
 * import { afterAll } from 'vitest'
 * import { writeFiredEvents } from 'trackplan/testing/coverage'
 * afterAll(() => writeFiredEvents('.trackplan-coverage'))
 *
 * // vitest.global-setup.ts (globalSetup). Vitest ignores errors thrown from a teardown,
 * // so fail through the exit code; Jest's globalTeardown may keep the default, 'throw'.
 * import { resetFiredEvents, checkPlanCoverage } from 'trackplan/testing/coverage'
 * import { plan } from './src/plan'
 * export const setup = () => resetFiredEvents('.trackplan-coverage')
 * export const teardown = () => checkPlanCoverage({ plan, dir: '.trackplan-coverage', failWith: 'exitCode' })
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TrackingPlan } from '../plan/types'
import { firedEventNames } from './firedEvents'
import { mdCell } from '../plan/cells'
import { planCoverage, type PlanCoverage } from './planCoverage'

/** Writes the event names this process's test trackers fired into `dir` (one file per process). */
export function writeFiredEvents(dir: string): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, `fired-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`),
    JSON.stringify(firedEventNames()),
  )
}

/** Empties `dir` before a run. */
export function resetFiredEvents(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
}

export interface CheckPlanCoverageOptions {
  plan: TrackingPlan
  dir: string
  /** Planned events allowed to be missing (fired only in production, say). */
  allowMissing?: readonly string[]
  /** Fail the run when events are missing. Default `true`. */
  failOnMissing?: boolean
  /** How to fail: throw (Jest's globalTeardown), or set `process.exitCode = 1` and print the error (Vitest). Default `'throw'`. */
  failWith?: 'throw' | 'exitCode'
  /** Where the table goes. Default `console.log`. */
  log?: (line: string) => void
}

/** Reads every worker's fired names, prints the coverage table, and throws when planned events never fired. */
export function checkPlanCoverage(options: CheckPlanCoverageOptions): PlanCoverage {
  const names = new Set<string>()
  let files: string[] = []
  try {
    files = readdirSync(options.dir).filter((f) => f.endsWith('.json'))
  } catch {
    // no worker wrote anything: nothing fired
  }
  for (const file of files)
    for (const name of JSON.parse(readFileSync(join(options.dir, file), 'utf8')) as string[])
      names.add(name)
  const coverage = planCoverage(options.plan, [...names])
  const log = options.log ?? ((line: string) => console.log(line))
  const { lines, missing } = coverageTable(
    Object.keys(options.plan.events),
    names,
    options.allowMissing ?? [],
    'by the tests',
  )
  lines.forEach((line, i) => log(i === 0 ? `\n${line}` : line))
  if (missing.length && options.failOnMissing !== false) {
    const error = new Error(
      `[trackplan] ${missing.length} planned event(s) never fired in any test: ${missing.join(', ')}. Write a test that fires each, or list it in allowMissing.`,
    )
    if (options.failWith !== 'exitCode') throw error
    console.error(error.message)
    process.exitCode = 1
  }
  return coverage
}

/**
 * The coverage table a whole run ends with (the test-run check and the Playwright reporter):
 * one Markdown row per planned event, the unplanned ones after it, and the planned events
 * that never fired and are not allowed to be missing.
 */
export function coverageTable(
  planned: readonly string[],
  fired: ReadonlySet<string>,
  allowMissing: readonly string[],
  where: string,
): { lines: string[]; missing: string[] } {
  const allowed = new Set(allowMissing)
  const lines = [
    `trackplan coverage: ${planned.filter((n) => fired.has(n)).length}/${planned.length} planned events fired ${where}`,
    '| event | fired |',
    '| --- | --- |',
    ...planned.map(
      (name) =>
        `| ${mdCell(name)} | ${fired.has(name) ? 'yes' : allowed.has(name) ? 'no (allowed)' : '**no**'} |`,
    ),
  ]
  const unplanned = [...fired].filter((n) => !planned.includes(n)).sort()
  if (unplanned.length) lines.push(`unplanned events fired: ${unplanned.join(', ')}`)
  return { lines, missing: planned.filter((n) => !fired.has(n) && !allowed.has(n)) }
}
