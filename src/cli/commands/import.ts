import { IMPORT_FORMATS, ImportError, importPlan, type ImportFormat } from '../../plan/import'
import type { ImportNote } from '../../plan/import'
import type { Command, Io, ParsedArgs } from '../Command'
import { readImportFiles, writeNew } from '../files'
import { oneOf } from '../parseArgs'
import { UsageError } from '../UsageError'

const NOTE_KINDS: Record<ImportNote['kind'], string> = {
  dropped: '✗ not imported',
  schema: '~ kept as zod',
  check: '! check',
  note: '· note',
}

/** One line of the import report, for stderr. */
function reportLine(note: ImportNote): string {
  const where =
    note.event === undefined
      ? ''
      : note.property === undefined
        ? `"${note.event}": `
        : `"${note.event}" property "${note.property}": `
  return `${NOTE_KINDS[note.kind]}: ${where}${note.message}\n`
}

async function run({ files, options }: ParsedArgs, io: Io): Promise<number> {
  if (files.length !== 1)
    throw new UsageError(
      'import takes one file or folder: `trackplan import tracking-plan.csv --out src/tracking-plan.ts`',
    )
  const from =
    options['--from'] === undefined
      ? undefined
      : oneOf<ImportFormat>('--from', options['--from'], IMPORT_FORMATS)
  const out = options['--out']
  if (out === true) throw new UsageError('--out needs a file: --out src/tracking-plan.ts')
  const read = readImportFiles(files[0]!, io.cwd)
  for (const file of read)
    if (file.encoding === 'windows-1252')
      io.err(
        `trackplan: ${file.path} is not UTF-8: read as Windows-1252 (Excel's "CSV"); save it as "CSV UTF-8" if its text looks wrong\n`,
      )
  let result
  try {
    result = importPlan(read, from)
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(error.message)
    throw error
  }
  for (const note of result.report) io.err(reportLine(note))
  const dropped = result.report.filter((n) => n.kind === 'dropped').length
  const summary = `trackplan import: ${result.events} events from ${files[0]} (${result.format})${dropped ? `; ${dropped} thing(s) not imported, listed above` : ''}`
  if (out === undefined) {
    io.out(result.source)
    io.err(`${summary}\n`)
  } else {
    writeNew(out, result.source, io.cwd, options['--force'] === true)
    io.err(`${summary} → ${out}\n`)
  }
  return 0
}

export const importCommand: Command = {
  summary:
    'turn a plan you already have (a spreadsheet, JSON Schemas, Segment Protocols) into a plan module',
  usage: `trackplan import <file|folder> [--from ${IMPORT_FORMATS.join('|')}] [--out src/tracking-plan.ts]`,
  help: `csv: the tracking-plan spreadsheet as \`trackplan export --format csv\` writes it (any column order,
  header case, blank lines, quoted commas and line breaks, UTF-8 with or without a BOM, Excel's
  Windows-1252 "CSV" and UTF-16 "Unicode Text", ; or tab separators).
json-schema: one JSON Schema per event (draft-07, 2020-12), a file of several (trackplan's own
  export), a folder of them, or Snowplow Iglu self-describing schemas (the newest version of each;
  named vendor/name where two vendors share a name).
segment-protocols: a Segment Protocols tracking plan as its Config API (rules.events[]) or
  Public API (rules[] with key and jsonSchema) returns it.
The format is detected when --from is not given.

Writes a defineTrackingPlan module to stdout, or to --out (an existing file is kept unless
--force). What the plan cannot say is kept as a zod schema or listed on stderr, never dropped
silently; the names are checked as \`trackplan check\` checks them.`,
  values: ['--from', '--out'],
  flags: ['--force'],
  run,
}
