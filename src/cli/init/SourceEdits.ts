/** One change to a file's text: `text` in place of what was between `start` and `end`. */
interface Splice {
  start: number
  end: number
  text: string
}

interface Position {
  line: number
  column: number
}

/**
 * Where a syntax-tree node is in the text it was parsed from, as lines and columns: recast hands
 * the parser the text with `\r\n` made `\n` (and tabs widened to `tabWidth`, 1 in `editModule`),
 * so Babel's `start`/`end` offsets are not offsets in the file.
 */
export interface Span {
  loc?: { start: Position; end: Position } | null
}

const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/g

/**
 * Changes to a config file's text at the positions its syntax tree gives: what is not changed
 * stays byte for byte (comments, blank lines, the user's layout), and what is added follows the
 * file's quotes, indentation, line breaks and trailing commas.
 */
export class SourceEdits {
  private readonly splices: Splice[] = []
  readonly newline: string

  /** Where each line starts in `text`. */
  private readonly lineStarts = [0]

  constructor(
    readonly text: string,
    private readonly quoteMark: "'" | '"',
  ) {
    this.newline = text.includes('\r\n') ? '\r\n' : '\n'
    for (const lineBreak of text.matchAll(LINE_BREAK))
      this.lineStarts.push(lineBreak.index + lineBreak[0].length)
  }

  private offset({ line, column }: Position): number {
    return this.lineStarts[line - 1]! + column
  }

  private startOf(node: Span): number {
    return this.offset(node.loc!.start)
  }

  private endOf(node: Span): number {
    return this.offset(node.loc!.end)
  }

  /** The file's text of a node. */
  source(node: Span): string {
    return this.text.slice(this.startOf(node), this.endOf(node))
  }

  /** A string literal in the file's quotes. */
  quote(value: string): string {
    const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(this.quoteMark, 'g'), '\\$&')
    return `${this.quoteMark}${escaped}${this.quoteMark}`
  }

  replace(node: Span, text: string): void {
    this.add({ start: this.startOf(node), end: this.endOf(node), text })
  }

  insert(at: number, text: string): void {
    this.add({ start: at, end: at, text })
  }

  /** The same change twice (one object reached by two names) is made once. */
  private add(splice: Splice): void {
    const same = (s: Splice): boolean =>
      s.start === splice.start && s.end === splice.end && s.text === splice.text
    if (!this.splices.some(same)) this.splices.push(splice)
  }

  /**
   * Appends `code` to an array or object literal whose entries are `items`: on a line of its own,
   * indented like the last entry, when the list closes on a line of its own; else after a comma.
   * A comment ending the last entry's line stays with it.
   */
  append(list: Span, items: readonly Span[], code: string): void {
    const close = this.endOf(list) - 1
    const last = items.at(-1)
    if (!last) return this.appendToEmpty(list, close, code)
    const end = this.endOf(last)
    const between = this.text.slice(end, close)
    if (!between.includes('\n')) return this.insert(end, `, ${code}`)
    const comma = /^\s*,/.exec(between)?.[0].length ?? 0
    let at = end + comma
    at += /^[ \t]*(\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/[ \t]*)?/.exec(this.text.slice(at))![0].length
    const lineStart = this.lineStarts[last.loc!.start.line - 1]!
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))![0]
    if (!comma) this.insert(end, ',')
    this.insert(at, `${this.newline}${indent}${code}${comma ? ',' : ''}`)
  }

  /** Into a list with no entries: `[code]`, or after the comments it holds (`jest --init`'s). */
  private appendToEmpty(list: Span, close: number, code: string): void {
    const open = this.startOf(list)
    const inside = this.text.slice(open + 1, close)
    if (!/\S/.test(inside))
      return this.replace(list, this.text[close] === '}' ? `{ ${code} }` : `[${code}]`)
    if (!inside.includes('\n')) return this.insert(close, `${code} `)
    const end = open + 1 + inside.trimEnd().length
    const lineStart = this.text.lastIndexOf('\n', end - 1) + 1
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))![0]
    this.insert(end, `${this.newline}${indent}${code},`)
  }

  get empty(): boolean {
    return this.splices.length === 0
  }

  /**
   * The text with every change made. Changes never overlap; two insertions at one place keep
   * the order they were made in.
   */
  result(): string {
    let text = this.text
    const fromTheEnd = this.splices
      .map((splice, order) => ({ splice, order }))
      .sort((a, b) => b.splice.start - a.splice.start || b.order - a.order)
    for (const { splice } of fromTheEnd)
      text = text.slice(0, splice.start) + splice.text + text.slice(splice.end)
    return text
  }
}
