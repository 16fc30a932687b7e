import { VERSION } from '../core/version'
import type { Command, Io } from './Command'
import { COMMANDS } from './commands'
import { loadPlan } from './loadPlan'
import { parseArgs } from './parseArgs'
import { UsageError } from './UsageError'

export { loadPlan }
export type { Io }

const PLAN_NOTE =
  '<plan> is a .ts, .mts, .js or .mjs module exporting `plan` (or a default export), or a .json file holding the plan object.'

const usage = (): string => {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length))
  return `trackplan ${VERSION}: typed product-analytics tracking plans

Usage:
${Object.values(COMMANDS)
  .flatMap((c) => c.usage.split('\n').map((line) => `  ${line.trim()}`))
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

/** The `trackplan` command. Returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv
  try {
    if (name === '--version' || name === '-v' || name === 'version') {
      io.out(`${VERSION}\n`)
      return 0
    }
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? args[0] : undefined
      if (topic && Object.hasOwn(COMMANDS, topic)) io.out(helpOf(COMMANDS[topic]!))
      else io.out(usage())
      return name ? 0 : 2
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
    if (!command)
      throw new UsageError(
        `unknown command "${name}": use ${Object.keys(COMMANDS)
          .map((n) => `\`trackplan ${n}\``)
          .join(', ')} (see \`trackplan --help\`)`,
      )
    if (args.includes('--help') || args.includes('-h')) {
      io.out(helpOf(command))
      return 0
    }
    return await command.run(parseArgs(name, command, args), io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`trackplan: ${error.message}\n`)
      return 2
    }
    throw error
  }
}
