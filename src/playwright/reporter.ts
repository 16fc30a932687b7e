/**
 * `trackplan/playwright/reporter`: plan coverage across a whole Playwright run — which
 * planned events the running app fired, which never, which fired unplanned — and,
 * opt-in, a failed run when planned events were never fired.
 *
 * @example
 * // playwright.config.ts
 * reporter: [['list'], ['trackplan/playwright/reporter', { plan: './src/tracking-plan.ts', failOnMissing: true }]]
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter'
import { loadPlan } from '../cli/loadPlan'
import { coverageTable } from '../testing/coverage'
import { ATTACHMENT } from './attachment'

export interface TrackplanReporterOptions {
  /** The plan module (`.ts`, `.js`, `.json`); else the plans the tests set with `trackingPlan`. */
  plan?: string
  /** End the run as failed when a planned event was never fired. Default `false`. */
  failOnMissing?: boolean
  /** Planned events allowed to be missing (fired only in production, say). */
  allowMissing?: readonly string[]
  /** Where the table goes. Default: stdout. */
  log?: (line: string) => void
}

export default class TrackplanReporter implements Reporter {
  private readonly fired = new Set<string>()
  private readonly planned = new Set<string>()
  private readonly options: TrackplanReporterOptions

  constructor(options: TrackplanReporterOptions = {}) {
    this.options = options
  }

  printsToStdio(): boolean {
    return false
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    for (const attachment of result.attachments) {
      if (attachment.name !== ATTACHMENT || !attachment.body) continue
      try {
        const { fired, planned } = JSON.parse(attachment.body.toString('utf8')) as {
          fired: string[]
          planned?: string[]
        }
        for (const name of fired) this.fired.add(name)
        for (const name of planned ?? []) this.planned.add(name)
      } catch {
        // not ours
      }
    }
  }

  async onEnd(_result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const log = this.options.log ?? ((line: string) => void process.stdout.write(`${line}\n`))
    let planned = [...this.planned]
    if (this.options.plan) {
      try {
        planned = Object.keys((await loadPlan(this.options.plan, process.cwd())).events)
      } catch (error) {
        log(
          `[trackplan] the reporter could not load the plan: ${error instanceof Error ? error.message : String(error)}`,
        )
        return { status: 'failed' }
      }
    }
    if (planned.length === 0) {
      log(
        '[trackplan] plan coverage: no plan (set `plan` in the reporter options, or `trackingPlan` in the tests)',
      )
      return undefined
    }
    const { lines, missing } = coverageTable(
      planned,
      this.fired,
      this.options.allowMissing ?? [],
      'in the running app',
    )
    log('')
    for (const line of lines) log(line)
    if (missing.length && this.options.failOnMissing) {
      log(
        `[trackplan] ${missing.length} planned event(s) never fired in any test: ${missing.join(', ')}. Cover them with a test, or list them in allowMissing.`,
      )
      return { status: 'failed' }
    }
    return undefined
  }
}
