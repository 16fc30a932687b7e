import { diffPlans } from '../../plan/diffPlans'
import { DIFF_FORMATS, formatPlanDiff, type DiffFormat } from '../../plan/formatDiff'
import type { TrackingPlan } from '../../plan/types'
import type { Command, Io, ParsedArgs } from '../Command'
import { loadPlan, loadPlanAt } from '../loadPlan'
import { oneOf } from '../parseArgs'
import { UsageError } from '../UsageError'

/** Two versions of a plan, and how the report names each. */
interface PlanVersions {
  before: TrackingPlan
  after: TrackingPlan
  labels: { before: string; after: string }
}

/** `<plan> --base <ref>`: the plan as it was at a git ref, and as it is. */
async function atBaseAndNow(files: string[], base: string, io: Io): Promise<PlanVersions> {
  if (files.length !== 1)
    throw new UsageError(
      'with --base, diff takes one plan: `trackplan diff src/plan.ts --base origin/main`',
    )
  const [file] = files as [string]
  const [old, current] = await Promise.all([loadPlanAt(file, base, io.cwd), loadPlan(file, io.cwd)])
  if (!old.existed) io.err(`trackplan: ${file} did not exist at ${base}: every event is new\n`)
  return { before: old.plan, after: current, labels: { before: `${file} at ${base}`, after: file } }
}

/** `<old-plan> <new-plan>`. */
async function twoFiles(files: string[], io: Io): Promise<PlanVersions> {
  if (files.length !== 2)
    throw new UsageError(
      'diff takes two plans (`trackplan diff old-plan.ts new-plan.ts`), or one with --base <git-ref>',
    )
  const [a, b] = files as [string, string]
  const before = await loadPlan(a, io.cwd)
  const after = await loadPlan(b, io.cwd)
  return { before, after, labels: { before: a, after: b } }
}

async function run({ files, options }: ParsedArgs, io: Io): Promise<number> {
  const format = oneOf<DiffFormat>('--format', options['--format'], DIFF_FORMATS, 'text')
  const base = options['--base']
  if (base === true)
    throw new UsageError('--base needs a git ref: `trackplan diff src/plan.ts --base origin/main`')
  const { before, after, labels } =
    base === undefined ? await twoFiles(files, io) : await atBaseAndNow(files, base, io)
  const changes = diffPlans(before, after)
  io.out(formatPlanDiff(changes, format, labels))
  const breaking = changes.some((c) => c.severity === 'breaking')
  return breaking && options['--allow-breaking'] !== true ? 1 : 0
}

export const diffCommand: Command = {
  summary: 'classify the changes between two versions of a plan; exit 1 on a breaking one',
  usage: `trackplan diff <old-plan> <new-plan> [--format ${DIFF_FORMATS.join('|')}] [--allow-breaking]
       trackplan diff <plan> --base <git-ref> [--format …] [--allow-breaking]`,
  help: `Breaking means some event the old plan accepts, the new one rejects: each breaking
change is printed with such an event (its witness), found by the plans' own checkers. An
event removed or renamed, a property made required, a type, enum or bound narrowed, extra
properties newly forbidden are breaking when a witness shows it; added, optional, widened
and described are safe. A change that looks narrowing without a witness, and a Standard
Schema without a JSON Schema, are listed "to review by hand", never guessed.

--base <ref>      compare <plan> with the same file at a git ref (main, origin/main, HEAD~1)
--format          text (default), markdown (a pull-request comment) or json
--allow-breaking  exit 0 even with breaking changes (still listed)

Exit 0 without breaking changes, 1 with them, 2 on bad input.`,
  values: ['--format', '--base'],
  flags: ['--allow-breaking'],
  run,
}
