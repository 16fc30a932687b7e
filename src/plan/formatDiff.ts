import { sanitizeProperties } from '../core/sanitize'
import { utf8Bytes } from '../core/utf8'
import { mdCell, mdCode } from './cells'
import type { ChangeSeverity, PlanChange, Witness } from './diff/PlanChange'

export type DiffFormat = 'text' | 'markdown' | 'json'
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json']

const ORDER: readonly ChangeSeverity[] = ['breaking', 'unknown', 'safe']
const HEADINGS: Record<ChangeSeverity, string> = {
  breaking: 'Breaking',
  unknown: 'To review by hand',
  safe: 'Safe',
}
const MARKS: Record<ChangeSeverity, string> = { breaking: '✗', unknown: '?', safe: '✓' }
const BADGES: Record<ChangeSeverity, string> = {
  breaking: '🔴 breaking',
  unknown: '🟡 review',
  safe: '🟢 safe',
}

/**
 * JSON of anything a change list may hold (a hand-made one too): a cycle, a BigInt or a
 * getter that throws gives a marker (`"[Circular]"`), never a throw.
 */
const safeJson = (value: Record<string, unknown>, indent?: number): string =>
  JSON.stringify(sanitizeProperties(value).value, null, indent)

/** The witness as the envelope's two fields, and what the new plan says about it. */
const witnessText = (witness: Witness) => ({
  event: safeJson({ event: witness.event, properties: witness.properties }),
  unfilled: witness.unfilled
    ? ` (with any valid ${witness.unfilled.map((p) => `"${p}"`).join(', ')}: trackplan could not make one up)`
    : '',
  rejection: witness.rejection.replace(/^"(?:[^"\\]|\\.)*": /, ''),
})

const tally = (changes: readonly PlanChange[]): Record<ChangeSeverity, number> => {
  const counts = { breaking: 0, unknown: 0, safe: 0 }
  for (const c of changes) counts[c.severity]++
  return counts
}

const summary = (changes: readonly PlanChange[]): string => {
  const n = tally(changes)
  if (changes.length === 0) return 'no changes'
  return [
    `${n.breaking} breaking`,
    `${n.safe} safe`,
    ...(n.unknown ? [`${n.unknown} to review by hand`] : []),
  ].join(', ')
}

/** What a pull-request comment holds: GitHub refuses a longer body. */
export const COMMENT_LIMIT = 65_536

const BREAKING_NOTE =
  '> Breaking: each comes with an event the old plan accepts and the new one rejects, as older app versions may still send it. Agree such changes with the people who own that data, or keep the old name and properties alongside the new.'

/** One change as a row of the Markdown table, its witness as a code span. */
function markdownRow(c: PlanChange): string {
  const example = c.witness && witnessText(c.witness)
  const change = example
    ? `${mdCell(c.detail)}<br>e.g. ${mdCode(example.event)}${mdCell(example.unfilled)} is rejected: ${mdCell(example.rejection)}`
    : mdCell(c.detail)
  return `| ${BADGES[c.severity]} | ${mdCell(c.event)} | ${mdCell(c.property ?? '')} | ${change} |`
}

/**
 * The changes as a pull-request comment: a table, breaking changes first, that fits in one
 * comment; the rows that do not fit are counted, and the text format lists them all.
 */
function markdownReport(changes: readonly PlanChange[], between: string): string {
  const lines = [`### Tracking plan: ${summary(changes)}${mdCell(between)}`, '']
  if (!changes.length) return lines.join('\n') + '\n'
  lines.push('| | Event | Property | Change |', '| --- | --- | --- | --- |')
  const ordered = ORDER.flatMap((severity) => changes.filter((c) => c.severity === severity))
  const note = tally(changes).breaking ? ['', BREAKING_NOTE] : []
  // counted in UTF-8 bytes, never fewer than the characters GitHub counts; room is kept for
  // the note and for the line that counts the rows left out
  let room = COMMENT_LIMIT - utf8Bytes(lines.join('\n')) - utf8Bytes(note.join('\n')) - 400
  let shown = 0
  for (const c of ordered) {
    const row = markdownRow(c)
    const size = utf8Bytes(row) + 1
    if (size > room) break
    lines.push(row)
    room -= size
    shown++
  }
  const left = tally(ordered.slice(shown))
  if (shown < ordered.length)
    lines.push(
      '',
      `> ${ordered.length - shown} more changes (${left.breaking} breaking, ${left.unknown} to review by hand, ${left.safe} safe) do not fit in one comment: \`trackplan diff --format text\` lists them all.`,
    )
  lines.push(...note)
  return lines.join('\n') + '\n'
}

/** The changes for people reading a terminal or a CI log. */
function textReport(changes: readonly PlanChange[], between: string): string {
  const lines = [`trackplan diff${between}: ${summary(changes)}`]
  for (const severity of ORDER) {
    const group = changes.filter((c) => c.severity === severity)
    if (!group.length) continue
    lines.push('', `${HEADINGS[severity]}:`)
    for (const c of group) {
      lines.push(`  ${MARKS[severity]} ${c.message}`)
      const example = c.witness && witnessText(c.witness)
      if (example)
        lines.push(
          `      e.g. ${example.event}${example.unfilled}`,
          `      is rejected: ${example.rejection}`,
        )
    }
  }
  return lines.join('\n') + '\n'
}

/**
 * A plan diff for people (`text`), for a pull-request comment (`markdown`, at most
 * `COMMENT_LIMIT` characters) or for tools (`json`).
 *
 * @example
 * const labels = { before: 'main', after: 'this branch' }
 * console.log(formatPlanDiff(diffPlans(before, after), 'markdown', labels))
 */
export function formatPlanDiff(
  changes: readonly PlanChange[],
  format: DiffFormat,
  labels: { before?: string; after?: string } = {},
): string {
  const between = labels.before && labels.after ? ` (${labels.before} → ${labels.after})` : ''
  if (format === 'markdown') return markdownReport(changes, between)
  if (format !== 'json') return textReport(changes, between)
  const report = {
    ...tally(changes),
    ...(between ? { before: labels.before, after: labels.after } : {}),
    changes,
  }
  return safeJson(report, 2) + '\n'
}
