import { isRefusal, type NodeOf, type Refusal } from './configAst'
import { SourceEdits } from './SourceEdits'
import type { ConfigChange } from './Writer'

/** An edit of a config module: read on its syntax tree, made as `SourceEdits`; or refused. */
export type ModuleEdit = (program: NodeOf<'Program'>, edits: SourceEdits) => Refusal | void

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!

async function editOnce(text: string, edit: ModuleEdit): Promise<ConfigChange> {
  // magicast (Babel's parser through recast) is loaded by init alone, not by other commands
  const { detectCodeFormat, parseModule } = await import('magicast')
  // a byte-order mark would shift the first line's columns (recast gives it no width)
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : ''
  const source = text.slice(bom.length)
  try {
    // tabWidth 1: a tab is one column, as in the file (see `Span`)
    const program = parseModule(source, { tabWidth: 1 }).$ast as NodeOf<'Program'>
    const quote = detectCodeFormat(source).quote === 'double' ? '"' : "'"
    const edits = new SourceEdits(source, quote)
    const refused = edit(program, edits)
    if (isRefusal(refused)) return { kind: 'refused', reason: refused.refused }
    return edits.empty ? { kind: 'present' } : { kind: 'changed', text: bom + edits.result() }
  } catch (error) {
    return { kind: 'refused', reason: `init could not read it: ${firstLine(error)}` }
  }
}

/**
 * Parses a config module with magicast, finds on its syntax tree where the entry goes, and
 * inserts it there in the file's style — every other byte stays as it was (decision 0116). The
 * edited text is parsed and edited again, which must find everything in place: init never says
 * it added what the file does not have.
 */
export async function editModule(text: string, edit: ModuleEdit): Promise<ConfigChange> {
  const once = await editOnce(text, edit)
  if (once.kind !== 'changed') return once
  const again = await editOnce(once.text, edit)
  return again.kind === 'present'
    ? once
    : { kind: 'refused', reason: 'the edited file did not read back as edited' }
}
