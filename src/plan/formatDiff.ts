import { sanitizeProperties } from '../core/sanitize'
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

/**
 * A plan diff for people (`text`), for a pull-request comment (`markdown`) or for tools
 * (`json`).
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
  if (format === 'json') {
    return (
      safeJson(
        {
          ...tally(changes),
          ...(between ? { before: labels.before, after: labels.after } : {}),
          changes,
        },
        2,
      ) + '\n'
    )
  }
  if (format === 'markdown') {
    const lines = [`### Tracking plan: ${summary(changes)}${between}`, '']
    if (changes.length) {
      lines.push('| | Event | Property | Change |', '| --- | --- | --- | --- |')
      for (const severity of ORDER) {
        for (const c of changes.filter((x) => x.severity === severity)) {
          const example = c.witness && witnessText(c.witness)
          const change = example
            ? `${mdCell(c.detail)}<br>e.g. ${mdCode(example.event)}${mdCell(example.unfilled)} is rejected: ${mdCell(example.rejection)}`
            : mdCell(c.detail)
          lines.push(
            `| ${BADGES[severity]} | ${mdCell(c.event)} | ${mdCell(c.property ?? '')} | ${change} |`,
          )
        }
      }
      if (tally(changes).breaking) {
        lines.push(
          '',
          '> Breaking: each comes with an event the old plan accepts and the new one rejects, as older app versions may still send it. Agree such changes with the people who own that data, or keep the old name and properties alongside the new.',
        )
      }
    }
    return lines.join('\n') + '\n'
  }
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
