import { lintPlan } from '../../plan/lintPlan'
import type { Command } from '../Command'
import { loadPlan } from '../loadPlan'
import { onePlan } from '../parseArgs'

export const checkCommand: Command = {
  summary: 'lint the plan: naming convention, near-duplicate names, specs that cannot work',
  usage: 'trackplan check <plan>',
  help: `Prints each problem beside its event. Exit 0 when there is none, 1 when there are problems, 2 on bad input.`,
  values: [],
  flags: [],
  async run({ files }, io) {
    const plan = await loadPlan(onePlan('check', files), io.cwd)
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
}
