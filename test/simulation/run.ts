// Runs a schedule in a fresh world and checks the invariants; shrinks a failing schedule to the
// fewest steps that still break the same invariant.
import { checkEnd, checkRequest, checkStep, noteAnswer } from './invariants'
import { describeStep, scheduleFor, type Schedule } from './schedule'
import { doStep, heal } from './steps'
import { START, World, type Violation } from './world'

export interface RunResult {
  violations: Violation[]
  events: number
  requests: number
  duplicates: number
}

export async function runSchedule(schedule: Schedule): Promise<RunResult> {
  const world = new World(schedule.seed, schedule.config, {
    started: checkRequest,
    answered: noteAnswer,
  })
  const unhandled = (reason: unknown): void =>
    world.violate('nothing throws into the app', `an unhandled rejection: ${String(reason)}`)
  process.on('unhandledRejection', unhandled)
  world.globals.install()
  try {
    let writesSeen = 0
    for (const step of schedule.steps) {
      await world.advance(step.after)
      await doStep(world, step)
      await world.settle()
      writesSeen = checkStep(world, writesSeen)
    }
    await heal(world)
    checkStep(world, writesSeen)
    checkEnd(world)
  } finally {
    world.globals.restore()
    await world.settle()
    process.off('unhandledRejection', unhandled)
  }
  let duplicates = 0
  for (const requests of world.network.collector.received.values())
    duplicates += requests.length - 1
  return {
    violations: world.violations,
    events: world.events.size,
    requests: world.network.requests.length,
    duplicates,
  }
}

/**
 * The fewest steps (delta debugging, one step at a time at the end) that still break the
 * invariant the full schedule broke first.
 */
export async function shrink(schedule: Schedule, invariant: string): Promise<Schedule> {
  const breaks = async (steps: Schedule['steps']): Promise<boolean> =>
    (await runSchedule({ ...schedule, steps })).violations.some((v) => v.invariant === invariant)
  let steps = schedule.steps
  let size = Math.ceil(steps.length / 2)
  while (size >= 1) {
    let removed = false
    for (let from = 0; from < steps.length;) {
      const fewer = [...steps.slice(0, from), ...steps.slice(from + size)]
      if (fewer.length > 0 && (await breaks(fewer))) {
        steps = fewer
        removed = true
      } else from += size
    }
    if (!removed) size = Math.floor(size / 2)
  }
  return { ...schedule, steps }
}

/** What a failing seed prints: the invariant, the shrunk schedule, and how to replay it. */
export async function explain(seed: number): Promise<string> {
  const schedule = scheduleFor(seed)
  const first = (await runSchedule(schedule)).violations[0]
  if (!first) return `seed ${seed} passes`
  const shrunk = await shrink(schedule, first.invariant)
  const again = (await runSchedule(shrunk)).violations.find((v) => v.invariant === first.invariant)!
  return [
    `seed ${seed} breaks "${first.invariant}"`,
    `  ${again.detail} (at +${again.at - START} ms)`,
    `  config: ${JSON.stringify(schedule.config)}`,
    `  schedule, shrunk from ${schedule.steps.length} to ${shrunk.steps.length} steps (then the world heals):`,
    ...shrunk.steps.map((step) => `    ${describeStep(step)}`),
    `  replay: npm run simulate -- --seed ${seed}`,
  ].join('\n')
}
