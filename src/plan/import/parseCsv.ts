// The CSV reader the spreadsheet import uses: RFC 4180 as spreadsheets write it.

/** A field as the CSV holds it: its text, and whether it was quoted (a quoted field is exact). */
export interface CsvField {
  text: string
  quoted: boolean
}

/**
 * The separator of the header row: a comma, or the semicolon Excel writes where the decimal
 * separator is a comma, or the tab of a TSV (Google Sheets' other download) — whichever the
 * header, outside quotes, holds most of (a comma on a tie).
 */
function separatorOf(text: string): string {
  const counts = new Map([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ])
  let quoted = false
  for (const c of text) {
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1)
  }
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0]
}

/**
 * RFC 4180 with what spreadsheets add: a UTF-8 BOM, CRLF or LF, quoted separators, quotes and
 * line breaks, `;` or tab as the separator (`separatorOf`). Rows of blank unquoted fields are
 * skipped.
 */
export function parseCsv(text: string): CsvField[][] {
  const separator = separatorOf(text)
  const rows: CsvField[][] = []
  let row: CsvField[] = []
  let field: CsvField = { text: '', quoted: false }
  let inQuotes = false
  const endField = (): void => {
    row.push(field)
    field = { text: '', quoted: false }
  }
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (; i < text.length; i++) {
    const c = text[i]!
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field.text += '"'
        i++
      } else if (c === '"') inQuotes = false
      else field.text += c
    } else if (c === '"' && field.text === '' && !field.quoted) inQuotes = field.quoted = true
    else if (c === separator) endField()
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endField()
      rows.push(row)
      row = []
    } else field.text += c
  }
  if (field.text !== '' || field.quoted || row.length) {
    endField()
    rows.push(row)
  }
  return rows.filter((r) => r.some((f) => f.quoted || f.text.trim() !== ''))
}
