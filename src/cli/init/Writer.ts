import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createFile } from '../files'

/** What `init` needs from its caller: where to print, the project's folder, and a yes/no. */
export interface InitIo {
  out: (text: string) => void
  cwd: string
  /** Asks a yes/no question; `--yes` answers yes, a non-interactive run without it no. */
  confirm: (question: string) => Promise<boolean>
}

export type Created = ReturnType<typeof createFile>

/** What an edit makes of a config file: it has it already, the edited text, or why not. */
export type ConfigChange =
  | { kind: 'present' }
  | { kind: 'changed'; text: string }
  /** `reason` completes "left the file as it is (…)". */
  | { kind: 'refused'; reason: string }

/** An edit `init` offers to make to a config file that exists. */
export interface ConfigEdit {
  file: string
  /** What the file has once edited: `has the trackplan addon`. */
  what: string
  /** Reads the file's text and says what the edit makes of it; never writes. */
  apply: (text: string) => Promise<ConfigChange>
  /** What to do by hand when the edit is not made. */
  manual: string
}

/**
 * How init writes and tells: a line said, a created file reported, a config edited with consent.
 */
export interface Writer {
  say(line?: string): void
  /** Creates a file (never replacing one) and reports what happened. */
  create(file: string, text: string): void
  edit(edit: ConfigEdit): Promise<void>
}

const CREATED: Record<Created, string> = {
  created: '+ created',
  unchanged: '= unchanged',
  kept: '! kept yours',
}

export function createWriter(io: InitIo): Writer {
  const say = (line = ''): void => io.out(`${line}\n`)
  return {
    say,
    create(file, text) {
      const what = createFile(join(io.cwd, file), text)
      say(
        `  ${CREATED[what]} ${file}${what === 'kept' ? ' (it exists and differs: kept; move it aside and run init again to see the starter)' : ''}`,
      )
    },
    async edit({ file, what, apply, manual }) {
      const path = join(io.cwd, file)
      const change = await apply(readFileSync(path, 'utf8'))
      if (change.kind === 'present') return say(`  = ${file} already ${what}`)
      if (change.kind === 'refused')
        return say(`  ! left ${file} as it is (${change.reason}): ${manual}`)
      if (!(await io.confirm(`Add ${what.replace(/^has /, '')} to ${file}?`)))
        return say(`  - skipped ${file}: ${manual}`)
      writeFileSync(path, change.text)
      say(`  ~ ${file}: added ${what.replace(/^has /, '')}`)
    },
  }
}
