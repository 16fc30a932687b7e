import type { Command, ParsedArgs } from './Command'
import { UsageError } from './UsageError'

/** A command's arguments: `--option value`, `--option=value`, flags, and files. */
export function parseArgs(name: string, command: Command, args: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { files: [], options: {} }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg === '-f' ? '--format' : arg, undefined]
    if (command.values.includes(flag)) {
      const value = inline ?? args[i + 1]
      if (inline === undefined) i++
      const given = value === undefined || value.startsWith('--') ? true : value
      const before = parsed.options[flag]
      parsed.options[flag] =
        command.lists?.includes(flag) && typeof before === 'string' && typeof given === 'string'
          ? `${before},${given}`
          : given
    } else if (command.flags.includes(flag)) {
      parsed.options[flag] = true
    } else if (arg.startsWith('-') && arg !== '-') {
      const known = [...command.values, ...command.flags]
      throw new UsageError(
        `unknown option ${arg} for ${name}${known.length ? `: it takes ${known.join(', ')}` : ''} (see \`trackplan ${name} --help\`)`,
      )
    } else {
      parsed.files.push(arg)
    }
  }
  return parsed
}

/** The one plan a command takes. */
export const onePlan = (command: string, files: string[]): string => {
  if (files.length !== 1)
    throw new UsageError(`${command} takes one plan: \`trackplan ${command} src/plan.ts\``)
  return files[0]!
}

/** An option's value, one of `allowed` (or `fallback` when the option is not given). */
export const oneOf = <T extends string>(
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
