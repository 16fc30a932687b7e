// Cells for the spreadsheet and Markdown exports (the CLI's and the panels'): what a cell
// says must never run as a formula in a spreadsheet or as HTML in a rendered table.

/**
 * A CSV cell: a leading `=`, `+`, `-`, `@`, tab or carriage return is neutralised with `'` (OWASP),
 * then quoted when needed.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * A cell read back from a CSV (`import`): trimmed, and the `'` that `csvCell` put before a formula
 * character removed.
 */
export function csvCellText(value: string | undefined): string {
  const v = (value ?? '').trim()
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v
}

/** A Markdown table cell: HTML escaped, pipes escaped, line breaks as `<br>`. */
export const mdCell = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>')
