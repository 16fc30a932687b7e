import { existsSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { EXPORT_FORMATS, exportPlan, type ExportFormat } from '../plan/exportPlan'
import { lintPlan } from '../plan/lintPlan'
import type { TrackingPlan } from '../plan/types'

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  cwd: string
}

const USAGE = `Usage:
  trackplan check <plan>                                   lint event names: convention, near-duplicates
  trackplan export <plan> --format csv|markdown|json-schema   write the plan to stdout

<plan> is a .ts, .mts, .js or .mjs module exporting \`plan\` (or a default export).
Exit codes: 0 fine, 1 problems found, 2 bad input.`

class UsageError extends Error {}

const isPlan = (value: unknown): value is TrackingPlan => {
  if (!value || typeof value !== 'object') return false
  const events = (value as { events?: unknown }).events
  return !!events && typeof events === 'object' && !Array.isArray(events) && Object.values(events).every((e) => !!e && typeof e === 'object')
}

/** Imports the plan module: `.ts`/`.mts` through jiti (Node 20 cannot import TypeScript itself), `.js`/`.mjs` natively. */
export async function loadPlan(file: string, cwd: string): Promise<TrackingPlan> {
  const path = resolve(cwd, file)
  if (!existsSync(path)) throw new UsageError(`${file} does not exist: pass the path of your plan module (e.g. src/plan.ts)`)
  const ext = extname(path)
  if (!['.ts', '.mts', '.js', '.mjs', '.cjs', '.cts'].includes(ext)) throw new UsageError(`${file} is not a .ts, .mts, .js or .mjs module`)
  let mod: Record<string, unknown>
  try {
    if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
      const { createJiti } = await import('jiti')
      mod = (await createJiti(pathToFileURL(cwd + '/').href, { interopDefault: false }).import(path)) as Record<string, unknown>
    } else {
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>
    }
  } catch (error) {
    throw new UsageError(`${file} could not be loaded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  }
  const candidate = mod.plan ?? mod.default
  if (candidate === undefined) throw new UsageError(`${file} exports no plan: add \`export const plan = defineTrackingPlan({ events: { … } })\` (or a default export)`)
  if (!isPlan(candidate)) throw new UsageError(`${file}'s ${mod.plan !== undefined ? '`plan`' : 'default'} export is not a tracking plan: it needs an \`events\` object of event specs`)
  return candidate
}

/** The `trackplan` command. Returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE + '\n')
      return command ? 0 : 2
    }
    if (command !== 'check' && command !== 'export') throw new UsageError(`unknown command "${command}": use \`trackplan check <plan>\` or \`trackplan export <plan> --format csv\``)
    let format: string | undefined
    const files: string[] = []
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i]!
      if (arg === '--format' || arg === '-f') format = rest[++i]
      else if (arg.startsWith('--format=')) format = arg.slice('--format='.length)
      else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`)
      else files.push(arg)
    }
    if (files.length !== 1) throw new UsageError(`${command} takes one plan module: \`trackplan ${command} src/plan.ts\``)
    const plan = await loadPlan(files[0]!, io.cwd)

    if (command === 'check') {
      const problems = lintPlan(plan)
      const count = Object.keys(plan.events).length
      for (const p of problems) io.out(`✗ ${p.event}: ${p.message}\n`)
      io.out(problems.length ? `${problems.length} problem(s) in ${count} events\n` : `✓ ${count} events, no problems (naming: ${plan.naming || 'unchecked'})\n`)
      return problems.length ? 1 : 0
    }
    if (!format) throw new UsageError(`export needs --format ${EXPORT_FORMATS.join('|')}`)
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new UsageError(`unknown format "${format}": use --format ${EXPORT_FORMATS.join('|')}`)
    io.out(exportPlan(plan, format as ExportFormat))
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`trackplan: ${error.message}\n`)
      return 2
    }
    throw error
  }
}
