import { main } from '../../src/cli/main'

/** Runs the `trackplan` command in `cwd` as a user would, collecting what it prints. */
export async function runCli(cwd: string, argv: readonly string[]) {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd })
  return { code, out, err }
}
