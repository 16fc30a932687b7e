import { formatReport, REPORT_FORMATS, type ReportFormat } from '../../collector/formatReport'
import { planVersion } from '../../collector/planVersion'
import { buildReport, type CollectorReport } from '../../collector/report'
import { parseSince } from '../../collector/since'
import type { Command, ParsedArgs } from '../Command'
import { dbOption, planOption, storeFor } from '../collectorStore'
import { errorMessage } from '../errorMessage'
import { loadPlan } from '../loadPlan'
import { oneOf } from '../parseArgs'
import { UsageError } from '../UsageError'

function sinceOption(options: ParsedArgs['options']): Date | undefined {
  const value = options['--since']
  if (value === undefined) return undefined
  const since = value === true ? undefined : parseSince(value, new Date())
  if (!since)
    throw new UsageError(
      `--since needs a duration (30m, 24h, 7d, 2w) or an ISO 8601 date, got ${value === true ? 'none' : value}`,
    )
  return since
}

/** The report of a running collector, from its `GET /v1/report`. */
async function fromCollector(url: string, since: Date | undefined): Promise<CollectorReport> {
  const endpoint = new URL(
    url.replace(/\/+$/, '') + (/\/v1\/report$/.test(url) ? '' : '/v1/report'),
  )
  if (since) endpoint.searchParams.set('since', since.toISOString())
  let response: Response
  try {
    response = await fetch(endpoint)
  } catch (error) {
    throw new UsageError(`cannot reach ${endpoint.href}: ${errorMessage(error)}`)
  }
  if (!response.ok) throw new UsageError(`${endpoint.href} answered ${response.status}`)
  const { collector: _counts, ...report } = (await response.json()) as CollectorReport & {
    collector?: unknown
  }
  return report
}

/** The report from the database `--db` names. */
async function fromDatabase(
  options: ParsedArgs['options'],
  cwd: string,
  plan: Parameters<typeof buildReport>[1],
  since: Date | undefined,
): Promise<CollectorReport> {
  const db = dbOption(options)
  const store = storeFor(db, cwd, { existing: true })
  try {
    await store.open()
    const stats = await store.stats(since ? { since } : {})
    return buildReport(stats, plan, { since, planVersion: await planVersion(plan) })
  } catch (error) {
    throw new UsageError(`cannot read the collector's database ${db}: ${errorMessage(error)}`)
  } finally {
    await store.close().catch(() => {})
  }
}

export const reportCommand: Command = {
  summary: "the plan's health in production, from what the collector kept",
  usage: `trackplan report (--plan <plan> [--db <dir|postgres://…>] | --url <collector>) [--since 7d] [--format ${REPORT_FORMATS.join('|')}]`,
  help: `Per planned event: how many arrived and how many violated the plan, by kind; planned events never
seen; unplanned events seen, with the planned names they are near; per plan version.
--db      the collector's database: its folder (default .trackplan/collector) or a postgres:// URL.
          A PGlite folder is read while no collector has it open; ask a running one with --url.
--url     a running collector (http://127.0.0.1:4318): its GET /v1/report, against its own plan
--since   a duration back from now (30m, 24h, 7d, 2w) or an ISO 8601 date; default: everything
--format  text (default), markdown (for a pull request), json`,
  values: ['--plan', '--db', '--url', '--since', '--format'],
  flags: [],
  async run(args, io) {
    const { options } = args
    const format = oneOf<ReportFormat>('--format', options['--format'], REPORT_FORMATS, 'text')
    const since = sinceOption(options)
    const url = options['--url']
    if (url === true)
      throw new UsageError("--url needs the collector's address: --url http://127.0.0.1:4318")
    if (url !== undefined && options['--db'] !== undefined)
      throw new UsageError('report reads --db or --url, not both')
    // a running collector reports against its own plan
    const report =
      url === undefined
        ? await fromDatabase(
            options,
            io.cwd,
            await loadPlan(planOption('report', args), io.cwd),
            since,
          )
        : await fromCollector(url, since)
    io.out(formatReport(report, format))
    return 0
  },
}
