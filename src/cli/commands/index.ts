import type { Command } from '../Command'
import { checkCommand } from './check'
import { collectCommand } from './collect'
import { diffCommand } from './diff'
import { exportCommand } from './export'
import { importCommand } from './import'
import { initCommand } from './init'
import { reportCommand } from './report'

/** Every `trackplan` command, by name, in the order the help lists them. */
export const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  export: exportCommand,
  diff: diffCommand,
  import: importCommand,
  init: initCommand,
  collect: collectCommand,
  report: reportCommand,
}
