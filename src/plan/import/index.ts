import { lintPlan } from '../lintPlan'
import { checkEventName } from '../naming'
import type { NamingConvention, PlainPropertySpec, PropertySpec, TrackingPlan } from '../types'
import { fromCsv } from './csv'
import { emitPlan } from './emit'
import { fromJson } from './jsonSchema'
import { isSegment } from './segment'
import {
  note,
  type ImportedEvent,
  type ImportedPlan,
  type ImportedProperty,
  type ImportNote,
  type Notes,
} from './model'

export type { ImportNote } from './model'

export type ImportFormat = 'csv' | 'json-schema' | 'segment-protocols'
export const IMPORT_FORMATS: readonly ImportFormat[] = ['csv', 'json-schema', 'segment-protocols']

export interface ImportFile {
  /** Shown in the report, and names an event whose schema has no `title`. */
  path: string
  text: string
}

export interface ImportResult {
  /** The plan module: `defineTrackingPlan({ … })` and the `Register` augmentation. */
  source: string
  /**
   * What was not carried over as is (kept as zod, not imported) and what `trackplan check` finds.
   */
  report: ImportNote[]
  format: ImportFormat
  events: number
}

/** Bad input to `importPlan`: the message names the fix. */
export class ImportError extends Error {
  override name = 'ImportError'
}

const parse = (file: ImportFile): unknown => {
  try {
    return JSON.parse(file.text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new ImportError(
      `${file.path} is not JSON (${error instanceof Error ? error.message : String(error)})`,
    )
  }
}

const looksLikeJson = (text: string): boolean => /^\uFEFF?\s*[[{]/.test(text)

/** The format of a file's text: JSON that is a Segment plan, other JSON, or CSV. */
export function detectFormat(text: string): ImportFormat {
  if (!looksLikeJson(text)) return 'csv'
  try {
    return isSegment(JSON.parse(text.replace(/^\uFEFF/, ''))) ? 'segment-protocols' : 'json-schema'
  } catch {
    return 'json-schema'
  }
}

// the plan object `lint` needs: zod properties stand in as opaque Standard Schemas
const OPAQUE = {
  '~standard': { version: 1, vendor: 'zod', validate: () => ({ value: undefined }) },
} as unknown as PropertySpec
const planSpec = (p: ImportedProperty): PropertySpec =>
  p.zod
    ? OPAQUE
    : ({
        type: p.type ?? 'object',
        ...(p.enum ? { enum: p.enum } : {}),
        ...(p.properties
          ? {
              properties: Object.fromEntries(
                p.properties.map((c) => [c.name, planSpec(c.property)]),
              ),
            }
          : {}),
        ...(p.items ? { items: planSpec(p.items) } : {}),
      } as PlainPropertySpec)

const toPlan = (model: ImportedPlan, naming: NamingConvention | undefined): TrackingPlan => ({
  ...(naming ? { naming } : {}),
  events: Object.fromEntries(
    model.events.map((e) => [
      e.name,
      { properties: Object.fromEntries(e.properties.map((p) => [p.name, planSpec(p.property)])) },
    ]),
  ),
})

/** The convention every name follows, if one does. */
function namingOf(names: string[], notes: Notes): NamingConvention | undefined {
  const conventions: NamingConvention[] = ['verb-noun', 'object-action', 'snake_case']
  const tally = conventions.map((convention) => ({
    convention,
    passing: names.filter((n) => checkEventName(n, convention).length === 0).length,
  }))
  const followed = tally.find(({ passing }) => passing === names.length && passing > 0)
  if (followed) return followed.convention
  const best = [...tally].sort((a, b) => b.passing - a.passing)[0]!
  if (names.length) {
    const counts = tally.map((t) => `${t.passing} of ${names.length} pass ${t.convention}`)
    note(
      notes,
      'check',
      `the names follow no one convention (${counts.join(', ')}): \`naming\` was left out; rename, then set naming: '${best.convention}'${best.passing ? '' : ' (or another)'} to have them checked`,
    )
  }
  return undefined
}

/** The one CSV file: the spreadsheet. */
function readCsv(files: readonly ImportFile[], notes: Notes): ImportedPlan {
  if (files.length > 1)
    throw new ImportError('a CSV plan is one file: pass the spreadsheet, not a folder')
  try {
    return fromCsv(files[0]!.text, notes)
  } catch (error) {
    throw new ImportError(
      `${files[0]!.path}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

/** The JSON files, parsed: an event without a title is named after its file. */
function readJson(
  files: readonly ImportFile[],
  parsed: unknown[],
  format: ImportFormat,
  notes: Notes,
): ImportedPlan {
  const named = files.map((f, i) => ({
    path: f.path,
    name: f.path.replace(/^.*[\\/]/, '').replace(/\.json$/i, ''),
    value: parsed[i],
  }))
  const model = fromJson(named, notes)
  if (format === 'segment-protocols' && !parsed.some(isSegment)) {
    throw new ImportError(
      `${files[0]!.path} is not a Segment Protocols plan: it needs rules.events[] (Config API) or rules[] with key and jsonSchema (Public API)`,
    )
  }
  return model
}

/** One event per name: a later definition is reported, not merged. */
function keepFirstDefinitions(events: ImportedEvent[], notes: Notes): ImportedEvent[] {
  const seen = new Set<string>()
  return events.filter((e) => {
    if (!seen.has(e.name)) return seen.add(e.name)
    note(notes, 'dropped', 'defined twice: the first definition was kept', e.name)
    return false
  })
}

/**
 * Turns a plan a team already has into a trackplan plan module: the tracking-plan
 * spreadsheet (`csv`, as `trackplan export` writes it or as people keep it), JSON Schemas
 * (`json-schema`: one per event, draft-07 or 2020-12, trackplan's own export, Snowplow Iglu
 * self-describing schemas) or a Segment Protocols plan (`segment-protocols`, as its Config
 * and Public APIs return it). What the plan cannot say is kept as a zod schema, or listed in
 * the report — never dropped silently.
 *
 * @example
 * const { source, report } = importPlan(readFileSync('plan.csv', 'utf8'))
 * writeFileSync('src/tracking-plan.ts', source)
 */
export function importPlan(
  input: string | readonly ImportFile[],
  format?: ImportFormat,
): ImportResult {
  const files: readonly ImportFile[] =
    typeof input === 'string' ? [{ path: 'input', text: input }] : input
  if (files.length === 0) throw new ImportError('nothing to import: no files')
  // JSON is parsed once, here: the format is told from the parsed value, then read from it
  const parsed =
    format !== 'csv' && (format !== undefined || looksLikeJson(files[0]!.text))
      ? files.map(parse)
      : undefined
  const chosen =
    format ?? (parsed ? (isSegment(parsed[0]) ? 'segment-protocols' : 'json-schema') : 'csv')
  const notes: Notes = []
  const model = parsed ? readJson(files, parsed, chosen, notes) : readCsv(files, notes)
  model.events = keepFirstDefinitions(model.events, notes)
  if (model.events.length === 0)
    throw new ImportError(`no events found in ${files.map((f) => f.path).join(', ')}`)
  const naming = namingOf(
    model.events.map((e) => e.name),
    notes,
  )
  for (const problem of lintPlan(toPlan(model, naming)))
    note(notes, 'check', problem.message, problem.event)
  const origin =
    typeof input === 'string'
      ? undefined
      : files.length === 1
        ? files[0]!.path
        : `${files.length} files`
  const source = emitPlan(model, {
    ...(naming ? { naming } : {}),
    ...(origin ? { source: origin } : {}),
  })
  return { source, report: notes, format: chosen, events: model.events.length }
}
