import { isRefusal, type NodeOf, type Refusal } from './configAst'
import type { ConfigChange } from './Writer'

/**
 * An edit of a module's syntax tree, made in place: nothing to add, a line to put on top of the
 * file (a `/// <reference …>`), or why it cannot be made safely.
 */
export type ModuleEdit = (program: NodeOf<'Program'>) => Refusal | { prepend: string } | void

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!

async function editOnce(text: string, edit: ModuleEdit): Promise<ConfigChange> {
  // magicast (Babel's parser, recast's printer) is loaded by init alone, not by other commands
  const { generateCode, parseModule } = await import('magicast')
  try {
    const module = parseModule(text)
    const result = edit(module.$ast as NodeOf<'Program'>)
    if (isRefusal(result)) return { kind: 'refused', reason: result.refused }
    const lineTerminator = text.includes('\r\n') ? '\r\n' : '\n'
    // magicast wraps at the file's longest line: a short file would get every new list on lines
    const longest = Math.max(...text.split('\n').map((line) => line.length))
    const printed = generateCode(module, {
      lineTerminator,
      format: { wrapColumn: Math.max(80, longest) },
    }).code
    // recast drops the file's last line break
    const ending = /\s*$/.exec(text)![0]
    const edited = (result ? result.prepend + lineTerminator : '') + printed.trimEnd() + ending
    return edited === text ? { kind: 'present' } : { kind: 'changed', text: edited }
  } catch (error) {
    return { kind: 'refused', reason: `init could not read it: ${firstLine(error)}` }
  }
}

/**
 * Parses a config module, edits its syntax tree and prints it back in the file's own style
 * (quotes, indentation, semicolons; what the edit did not touch stays byte for byte). The edited
 * text is read back and edited again, which must find everything in place: init never says it
 * added what the file does not have.
 */
export async function editModule(text: string, edit: ModuleEdit): Promise<ConfigChange> {
  const once = await editOnce(text, edit)
  if (once.kind !== 'changed') return once
  const again = await editOnce(once.text, edit)
  return again.kind === 'present'
    ? once
    : { kind: 'refused', reason: 'the edited file did not read back as edited' }
}
