import type { Command } from '../Command'
import { init } from '../init'
import { UsageError } from '../UsageError'

/** Asks on the terminal; no terminal, no answer: no. */
async function askYesNo(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false
  const { createInterface } = await import('node:readline/promises')
  const terminal = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return /^y(es)?$/i.test((await terminal.question(`${question} [y/N] `)).trim())
  } finally {
    terminal.close()
  }
}

export const initCommand: Command = {
  summary:
    'set trackplan up in this React project: a starter plan, a tracker, the Storybook addon and test matchers',
  usage: 'trackplan init [--yes]',
  help: `Detects TypeScript, the framework (Next.js, Vite, others), Storybook and Vitest or Jest.
Writes a starter plan (with trackplan's built-in events) and a tracker module beside your
code (and, in Next.js, a client component with the provider), prints the three lines that
add the provider, and offers to add the Storybook addon and the test matchers to the config
files that exist (read with a parser; one it cannot see into is left as it is, with the line
to add). Never replaces a file; running it twice changes nothing.

--yes   accept every offer without asking (CI); without it, a non-interactive run only prints them`,
  values: [],
  flags: ['--yes'],
  async run({ files, options }, io) {
    if (files.length) throw new UsageError("init takes no file: run it in your project's folder")
    const yes = options['--yes'] === true
    return init({
      out: io.out,
      cwd: io.cwd,
      confirm: (question) => (yes ? Promise.resolve(true) : askYesNo(question)),
    })
  },
}
