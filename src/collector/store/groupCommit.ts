// Group commit: batches that arrive while the database is busy wait, then go together in
// one statement. PGlite is one connection, so a second batch waits anyway: merged, twenty
// batches of 20 cost about what one batch of 400 costs. Each caller still gets its own
// answer, and a batch that fails does not take the others with it.

export interface GroupCommitOptions<Job, Result> {
  /** Statements under way at once (PGlite: 1; a pool: its size). */
  maxInFlight: number
  /** A group is closed once it holds this much (a single larger job still goes alone). */
  maxGroupSize: number
  sizeOf(job: Job): number
  /** Runs jobs as one unit, all or nothing: one result per job, in order. */
  run(jobs: Job[]): Promise<Result[]>
}

interface Waiting<Job, Result> {
  job: Job
  resolve(result: Result): void
  reject(error: unknown): void
}

/** A function that runs its job with the others waiting at the time, resolving once they ran. */
export function createGroupCommit<Job, Result>(
  options: GroupCommitOptions<Job, Result>,
): (job: Job) => Promise<Result> {
  const queue: Waiting<Job, Result>[] = []
  let inFlight = 0

  const takeGroup = (): Waiting<Job, Result>[] => {
    const group = [queue.shift() as Waiting<Job, Result>]
    let size = options.sizeOf(group[0]!.job)
    while (queue.length > 0 && size + options.sizeOf(queue[0]!.job) <= options.maxGroupSize) {
      const next = queue.shift() as Waiting<Job, Result>
      size += options.sizeOf(next.job)
      group.push(next)
    }
    return group
  }

  const runAlone = async (waiting: Waiting<Job, Result>): Promise<void> => {
    try {
      const [result] = await options.run([waiting.job])
      waiting.resolve(result as Result)
    } catch (error) {
      waiting.reject(error)
    }
  }

  const runGroup = async (group: Waiting<Job, Result>[]): Promise<void> => {
    if (group.length === 1) return runAlone(group[0]!)
    try {
      const results = await options.run(group.map((waiting) => waiting.job))
      group.forEach((waiting, n) => waiting.resolve(results[n] as Result))
    } catch {
      // nothing of the group was stored: each goes again alone, so only a failing one fails
      for (const waiting of group) await runAlone(waiting)
    }
  }

  const pump = (): void => {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      inFlight += 1
      void runGroup(takeGroup()).finally(() => {
        inFlight -= 1
        pump()
      })
    }
  }

  return (job) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ job, resolve, reject })
      pump()
    })
}
