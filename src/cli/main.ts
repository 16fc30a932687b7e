import { VERSION } from '../core/version'
import { diffPlans } from '../plan/diffPlans'
import { EXPORT_FORMATS, exportPlan, type ExportFormat } from '../plan/exportPlan'
import { DIFF_FORMATS, formatPlanDiff, type DiffFormat } from '../plan/formatDiff'
import { IMPORT_FORMATS, ImportError, importPlan, type ImportFormat } from '../plan/import'
import { lintPlan } from '../plan/lintPlan'
import { readImportFiles, writeNew } from './files'
import { init } from './init'
import { loadPlan, loadPlanAt, UsageError } from './loadPlan'

export { loadPlan }

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  cwd: string
}

interface Parsed {
  files: string[]
  options: Record<string, string | true>
}

interface Command {
  summary: string
  usage: string
  help: string
  /** Options that take a value, and flags. */
  values: readonly string[]
  flags: readonly string[]
  run(args: Parsed, io: Io): Promise<number>
}

const PLAN_NOTE =
  '<plan> is a .ts, .mts, .js or .mjs module exporting `plan` (or a default export), or a .json file holding the plan object.'

const one = (command: string, files: string[]): string => {
  if (files.length !== 1)
    throw new UsageError(`${command} takes one plan: \`trackplan ${command} src/plan.ts\``)
  return files[0]!
}

const oneOf = <T extends string>(
  option: string,
  value: string | true | undefined,
  allowed: readonly T[],
  fallback?: T,
): T => {
  if (value === undefined && fallback !== undefined) return fallback
  if (value === undefined || value === true)
    throw new UsageError(`${option} needs a value: ${option} ${allowed.join('|')}`)
  if (!allowed.includes(value as T))
    throw new UsageError(
      `unknown ${option.slice(2)} "${value}": use ${option} ${allowed.join('|')}`,
    )
  return value as T
}

const COMMANDS: Record<string, Command> = {
  check: {
    summary: 'lint the plan: naming convention, near-duplicate names, specs that cannot work',
    usage: 'trackplan check <plan>',
    help: `Prints each problem beside its event. Exit 0 when there is none, 1 when there are problems, 2 on bad input.`,
    values: [],
    flags: [],
    async run({ files }, io) {
      const plan = await loadPlan(one('check', files), io.cwd)
      const problems = lintPlan(plan)
      const count = Object.keys(plan.events).length
      for (const p of problems) io.out(`✗ ${p.event || '(empty name)'}: ${p.message}\n`)
      io.out(
        problems.length
          ? `${problems.length} problem(s) in ${count} events\n`
          : `✓ ${count} events, no problems (naming: ${plan.naming || 'unchecked'})\n`,
      )
      return problems.length ? 1 : 0
    },
  },
  export: {
    summary: 'write the plan as a spreadsheet, a Markdown table or JSON Schemas',
    usage: `trackplan export <plan> --format ${EXPORT_FORMATS.join('|')}`,
    help: `csv: one row per event property, for spreadsheets (values that could run as formulas are neutralised).
markdown: the same table, for docs.
json-schema: one draft-07 schema per event, validating a whole track call (Segment Protocols, RudderStack).`,
    values: ['--format'],
    flags: [],
    async run({ files, options }, io) {
      const file = one('export', files)
      if (options['--format'] === undefined)
        throw new UsageError(`export needs --format ${EXPORT_FORMATS.join('|')}`)
      const format = oneOf<ExportFormat>('--format', options['--format'], EXPORT_FORMATS)
      io.out(exportPlan(await loadPlan(file, io.cwd), format))
      return 0
    },
  },
  diff: {
    summary: 'classify the changes between two versions of a plan; exit 1 on a breaking one',
    usage: `trackplan diff <old-plan> <new-plan> [--format ${DIFF_FORMATS.join('|')}] [--allow-breaking]
       trackplan diff <plan> --base <git-ref> [--format …] [--allow-breaking]`,
    help: `Breaking: an event removed or renamed, a property removed, made required or added as
required, a type changed or narrowed (number → string, string → enum, a tighter bound),
enum values removed, extra properties newly forbidden. Safe: events, optional properties
and enum values added, descriptions changed, anything widened. A Standard Schema without a
JSON Schema is listed as "review by hand", never guessed.

--base <ref>      compare <plan> with the same file at a git ref (main, origin/main, HEAD~1)
--format          text (default), markdown (a pull-request comment) or json
--allow-breaking  exit 0 even with breaking changes (still listed)

Exit 0 without breaking changes, 1 with them, 2 on bad input.`,
    values: ['--format', '--base'],
    flags: ['--allow-breaking'],
    async run({ files, options }, io) {
      const format = oneOf<DiffFormat>('--format', options['--format'], DIFF_FORMATS, 'text')
      const base = options['--base']
      if (base === true)
        throw new UsageError(
          '--base needs a git ref: `trackplan diff src/plan.ts --base origin/main`',
        )
      let before
      let after
      let labels: { before: string; after: string }
      if (base !== undefined) {
        if (files.length !== 1)
          throw new UsageError(
            'with --base, diff takes one plan: `trackplan diff src/plan.ts --base origin/main`',
          )
        const [file] = files as [string]
        const [old, current] = await Promise.all([
          loadPlanAt(file, base, io.cwd),
          loadPlan(file, io.cwd),
        ])
        if (!old.existed)
          io.err(`trackplan: ${file} did not exist at ${base}: every event is new\n`)
        before = old.plan
        after = current
        labels = { before: `${file} at ${base}`, after: file }
      } else {
        if (files.length !== 2)
          throw new UsageError(
            'diff takes two plans (`trackplan diff old-plan.ts new-plan.ts`), or one with --base <git-ref>',
          )
        const [a, b] = files as [string, string]
        before = await loadPlan(a, io.cwd)
        after = await loadPlan(b, io.cwd)
        labels = { before: a, after: b }
      }
      const changes = diffPlans(before, after)
      io.out(formatPlanDiff(changes, format, labels))
      return changes.some((c) => c.severity === 'breaking') && options['--allow-breaking'] !== true
        ? 1
        : 0
    },
  },
  import: {
    summary:
      'turn a plan you already have (a spreadsheet, JSON Schemas, Segment Protocols) into a plan module',
    usage: `trackplan import <file|folder> [--from ${IMPORT_FORMATS.join('|')}] [--out src/tracking-plan.ts]`,
    help: `csv: the tracking-plan spreadsheet as \`trackplan export --format csv\` writes it (any column order,
  header case, blank lines, quoted commas and line breaks, a UTF-8 BOM).
json-schema: one JSON Schema per event (draft-07, 2020-12), a file of several (trackplan's own
  export), a folder of them, or Snowplow Iglu self-describing schemas (the newest version of each).
segment-protocols: a Segment Protocols tracking plan as its Config API (rules.events[]) or
  Public API (rules[] with key and jsonSchema) returns it.
The format is detected when --from is not given.

Writes a defineTrackingPlan module to stdout, or to --out (an existing file is kept unless
--force). What the plan cannot say is kept as a zod schema or listed on stderr, never dropped
silently; the names are checked as \`trackplan check\` checks them.`,
    values: ['--from', '--out'],
    flags: ['--force'],
    async run({ files, options }, io) {
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
      let result
      try {
        result = importPlan(readImportFiles(files[0]!, io.cwd), from)
      } catch (error) {
        if (error instanceof ImportError) throw new UsageError(error.message)
        throw error
      }
      for (const n of result.report) {
        const where =
          n.event === undefined
            ? ''
            : n.property === undefined
              ? `"${n.event}": `
              : `"${n.event}" property "${n.property}": `
        io.err(
          `${{ dropped: '✗ not imported', schema: '~ kept as zod', check: '! check', note: '· note' }[n.kind]}: ${where}${n.message}\n`,
        )
      }
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
    },
  },
  init: {
    summary:
      'set trackplan up in this React project: a starter plan, a tracker, the Storybook addon and test matchers',
    usage: 'trackplan init [--yes]',
    help: `Detects TypeScript, the framework (Next.js, Vite, others), Storybook and Vitest or Jest.
Writes a starter plan (with trackplan's built-in events) and a tracker module beside your
code (and, in Next.js, a client component with the provider), prints the three lines that
add the provider, and offers to add the Storybook addon and the test matchers to the config
files that exist. Never replaces a file; running it twice changes nothing.

--yes   accept every offer without asking (CI); without it, a non-interactive run only prints them`,
    values: [],
    flags: ['--yes'],
    async run({ files, options }, io) {
      if (files.length) throw new UsageError("init takes no file: run it in your project's folder")
      const yes = options['--yes'] === true
      return init({
        out: io.out,
        cwd: io.cwd,
        confirm: async (question) => {
          if (yes) return true
          if (!process.stdin.isTTY) return false
          const { createInterface } = await import('node:readline/promises')
          const rl = createInterface({ input: process.stdin, output: process.stdout })
          try {
            return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim())
          } finally {
            rl.close()
          }
        },
      })
    },
  },
}

const usage = (): string => {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length))
  return `trackplan ${VERSION}: typed product-analytics tracking plans

Usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.split('\n')[0]}`)
  .join('\n')}

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

${PLAN_NOTE}
\`trackplan <command> --help\` for a command's options; \`trackplan --version\` for the version.
Exit codes: 0 fine, 1 problems found, 2 bad input.
`
}

const helpOf = (c: Command): string => `Usage: ${c.usage}

${c.summary.charAt(0).toUpperCase() + c.summary.slice(1)}.

${c.help}

${PLAN_NOTE}
`

function parse(command: string, c: Command, rest: readonly string[]): Parsed {
  const parsed: Parsed = { files: [], options: {} }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg === '-f' ? '--format' : arg, undefined]
    if (c.values.includes(flag)) {
      const value = inline ?? rest[i + 1]
      if (inline === undefined) i++
      parsed.options[flag] = value === undefined || value.startsWith('--') ? true : value
    } else if (c.flags.includes(flag)) {
      parsed.options[flag] = true
    } else if (arg.startsWith('-') && arg !== '-') {
      const known = [...c.values, ...c.flags]
      throw new UsageError(
        `unknown option ${arg} for ${command}${known.length ? `: it takes ${known.join(', ')}` : ''} (see \`trackplan ${command} --help\`)`,
      )
    } else {
      parsed.files.push(arg)
    }
  }
  return parsed
}

/** The `trackplan` command. Returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === '--version' || command === '-v' || command === 'version') {
      io.out(`${VERSION}\n`)
      return 0
    }
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined
      if (topic && Object.hasOwn(COMMANDS, topic)) io.out(helpOf(COMMANDS[topic]!))
      else io.out(usage())
      return command ? 0 : 2
    }
    const c = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
    if (!c)
      throw new UsageError(
        `unknown command "${command}": use ${Object.keys(COMMANDS)
          .map((n) => `\`trackplan ${n}\``)
          .join(', ')} (see \`trackplan --help\`)`,
      )
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(helpOf(c))
      return 0
    }
    return await c.run(parse(command, c, rest), io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`trackplan: ${error.message}\n`)
      return 2
    }
    throw error
  }
}
