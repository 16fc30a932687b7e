/** Where the command reads and writes: its output, its error output, its folder. */
export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  cwd: string
  /** Stops a command that serves until SIGTERM or SIGINT (`collect`), as either would: for tests. */
  signal?: AbortSignal
}

/** A command line, read: the files it names, and its options (a flag's value is `true`). */
export interface ParsedArgs {
  files: string[]
  options: Record<string, string | true>
}

/** One `trackplan` command: its help, the options it takes, and what it does. */
export interface Command {
  summary: string
  usage: string
  help: string
  /** Options that take a value. */
  values: readonly string[]
  /** Options of `values` that may be given more than once: their values join with commas. */
  lists?: readonly string[]
  /** Options that take none. */
  flags: readonly string[]
  /** Returns the exit code. */
  run(args: ParsedArgs, io: Io): Promise<number>
}
