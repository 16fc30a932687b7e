import { EXPORT_FORMATS, exportPlan, type ExportFormat } from '../../plan/exportPlan'
import type { Command } from '../Command'
import { loadPlan } from '../loadPlan'
import { onePlan, oneOf } from '../parseArgs'
import { UsageError } from '../UsageError'

export const exportCommand: Command = {
  summary: 'write the plan as a spreadsheet, a Markdown table or JSON Schemas',
  usage: `trackplan export <plan> --format ${EXPORT_FORMATS.join('|')}`,
  help: `csv: one row per event property, for spreadsheets (values that could run as formulas are neutralised).
markdown: the same table, for docs.
json-schema: one draft-07 schema per event, validating a whole track call (Segment Protocols, RudderStack);
  the context properties are in each, optional, as the runtime checks them; properties may be left
  out unless the event requires one. With ajv: addFormats(new Ajv({ ownProperties: true })).`,
  values: ['--format'],
  flags: [],
  async run({ files, options }, io) {
    const file = onePlan('export', files)
    if (options['--format'] === undefined)
      throw new UsageError(`export needs --format ${EXPORT_FORMATS.join('|')}`)
    const format = oneOf<ExportFormat>('--format', options['--format'], EXPORT_FORMATS)
    io.out(exportPlan(await loadPlan(file, io.cwd), format))
    return 0
  },
}
