#!/usr/bin/env node
// npm run simulate -- [--seeds N] [--first F] [--seed S]: the delivery simulation through
// Vitest (it runs the TypeScript sources as they are): 10,000 seeds from 1 unless told.
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
const value = (name) => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : undefined
}
const env = { ...process.env, SIM_SEEDS: value('seeds') ?? '10000' }
if (value('first')) env.SIM_FIRST = value('first')
if (value('seed')) env.SIM_SEED = value('seed')
// anything else (a reporter, say) goes to vitest as it is
const ours = new Set(['--seeds', '--first', '--seed'])
const rest = args.filter((arg, i) => !ours.has(arg) && !ours.has(args[i - 1]))
const result = spawnSync('npx', ['vitest', 'run', '--project', 'simulation', ...rest], {
  env,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
