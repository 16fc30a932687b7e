import { truncate } from '../core/describeError'
import { mdCell } from '../plan/cells'
import type { CollectorReport, KindCount, PlannedEventHealth, Volume } from './report'

export type ReportFormat = 'text' | 'markdown' | 'json'
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'markdown', 'json']

/** Names in a report come from senders: cut, and shown on one line. */
const shown = (name: string): string => truncate(name.replace(/\s+/g, ' '), 80)

const count = (n: number): string => n.toLocaleString('en-US')

const percent = (rate: number): string =>
  rate === 0 ? '0%' : rate < 0.001 ? '<0.1%' : `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`

/** `type 12, missing 3`: violations by kind, the most frequent first. */
const kinds = (byKind: Record<string, KindCount>): string =>
  Object.entries(byKind)
    .sort((a, b) => b[1].count - a[1].count)
    .map(([kind, { count: n }]) => `${kind} ${count(n)}`)
    .join(', ')

/** How a volume reads: `1,204 events, 3.2% violating (type 30, missing 9)`. */
const health = (volume: Volume): string =>
  `${count(volume.count)} event${volume.count === 1 ? '' : 's'}` +
  (volume.count === 0
    ? ''
    : volume.violating === 0
      ? ', no violations'
      : `, ${percent(volume.violationRate)} violating (${kinds(volume.byKind)})`)

const period = (report: CollectorReport): string =>
  report.since ? `since ${report.since}` : 'since the collector started keeping them'

function textReport(report: CollectorReport): string {
  const lines = [
    `trackplan report: ${health(report.total)}, ${period(report)}` +
      (report.planVersion ? ` (plan ${report.planVersion})` : ''),
    '',
  ]
  const seen = report.planned.filter((e) => e.count > 0)
  lines.push(`Planned events: ${seen.length} of ${report.planned.length} seen`)
  const width = Math.min(40, Math.max(0, ...seen.map((e) => shown(e.event).length)))
  for (const event of seen) lines.push(`  ${shown(event.event).padEnd(width)}  ${health(event)}`)
  if (report.neverSeen.length > 0)
    lines.push(`  never seen: ${report.neverSeen.map(shown).join(', ')}`)
  lines.push('', `Unplanned events: ${count(report.unplanned.length + report.moreUnplanned.names)}`)
  for (const event of report.unplanned)
    lines.push(
      `  ${shown(event.event)}  ${count(event.count)}` +
        (event.near.length ? `  (near ${event.near.map((n) => `"${shown(n)}"`).join(', ')})` : ''),
    )
  if (report.moreUnplanned.names > 0)
    lines.push(
      `  … and ${count(report.moreUnplanned.names)} more names (${count(report.moreUnplanned.count)} events)`,
    )
  if (report.calls.length > 0)
    lines.push(
      '',
      `Other calls: ${report.calls.map((c) => `${c.type} ${count(c.count)}`).join(', ')}`,
    )
  lines.push('', 'Plan versions:')
  for (const version of report.versions)
    lines.push(
      `  ${version.planVersion}${version.current ? ' (current)' : ''}  ${health(version)}, ${version.firstSeen} → ${version.lastSeen}`,
    )
  if (report.versions.length === 0) lines.push('  none yet: no events received')
  return lines.join('\n') + '\n'
}

const row = (cells: readonly string[]): string => `| ${cells.map(mdCell).join(' | ')} |`

const plannedRow = (event: PlannedEventHealth): string =>
  row([
    shown(event.event),
    count(event.count),
    event.count ? percent(event.violationRate) : '',
    kinds(event.byKind),
  ])

function markdownReport(report: CollectorReport): string {
  const lines = [
    `## trackplan report`,
    '',
    `${health(report.total)}, ${period(report)}${report.planVersion ? ` (plan \`${report.planVersion}\`)` : ''}.`,
    '',
    '### Planned events',
    '',
    row(['event', 'events', 'violating', 'violations by kind']),
    row(['---', '---:', '---:', '---']),
    ...report.planned.map(plannedRow),
    '',
    report.neverSeen.length
      ? `Never seen: ${report.neverSeen.map((n) => `"${shown(n)}"`).join(', ')}.`
      : 'Every planned event was seen.',
    '',
    '### Unplanned events',
    '',
  ]
  if (report.unplanned.length === 0) lines.push('None.')
  else
    lines.push(
      row(['event', 'events', 'near']),
      row(['---', '---:', '---']),
      ...report.unplanned.map((e) =>
        row([shown(e.event), count(e.count), e.near.map(shown).join(', ')]),
      ),
    )
  if (report.moreUnplanned.names > 0)
    lines.push(
      '',
      `… and ${count(report.moreUnplanned.names)} more names (${count(report.moreUnplanned.count)} events).`,
    )
  lines.push(
    '',
    '### Plan versions',
    '',
    row(['version', 'events', 'violating', 'first seen', 'last seen']),
  )
  lines.push(row(['---', '---:', '---:', '---', '---']))
  for (const v of report.versions)
    lines.push(
      row([
        `${v.planVersion}${v.current ? ' (current)' : ''}`,
        count(v.count),
        percent(v.violationRate),
        v.firstSeen ?? '',
        v.lastSeen ?? '',
      ]),
    )
  if (report.calls.length > 0)
    lines.push(
      '',
      `Other calls: ${report.calls.map((c) => `${c.type} ${count(c.count)}`).join(', ')}.`,
    )
  return lines.join('\n') + '\n'
}

/**
 * A report as text (a terminal), Markdown (a pull request, a wiki) or JSON.
 *
 * @example
 * formatReport(buildReport(stats, plan), 'markdown')
 */
export function formatReport(report: CollectorReport, format: ReportFormat = 'text'): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n'
  return format === 'markdown' ? markdownReport(report) : textReport(report)
}
