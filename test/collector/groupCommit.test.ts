// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createGroupCommit } from '../../src/collector/store/groupCommit'

/** A unit of work that records the groups it ran and fails any group holding `bad`. */
function recorder(maxInFlight: number, maxGroupSize = 100) {
  const groups: string[][] = []
  let running = 0
  let mostAtOnce = 0
  const submit = createGroupCommit<string, string>({
    maxInFlight,
    maxGroupSize,
    sizeOf: (job) => (job.startsWith('big') ? 10 : 1),
    async run(jobs) {
      groups.push(jobs)
      mostAtOnce = Math.max(mostAtOnce, ++running)
      await new Promise((done) => setTimeout(done, 5))
      running -= 1
      if (jobs.includes('bad')) throw new Error('CHECK violation')
      return jobs.map((job) => `stored ${job}`)
    },
  })
  return { submit, groups, mostAtOnce: () => mostAtOnce }
}

describe('group commit', () => {
  it('runs the jobs that wait meanwhile as one group, each with its own result', async () => {
    const { submit, groups } = recorder(1)
    const jobs = ['a', 'b', 'c', 'd', 'e']
    expect(await Promise.all(jobs.map(submit))).toEqual(jobs.map((job) => `stored ${job}`))
    expect(groups).toEqual([['a'], ['b', 'c', 'd', 'e']])
  })

  it('closes a group at its size, and lets a larger job go alone', async () => {
    const { submit, groups } = recorder(1, 3)
    await Promise.all(['a', 'b', 'c', 'd', 'big', 'e', 'f'].map(submit))
    expect(groups).toEqual([['a'], ['b', 'c', 'd'], ['big'], ['e', 'f']])
  })

  it('runs at most maxInFlight groups at once', async () => {
    const { submit, groups, mostAtOnce } = recorder(2)
    await Promise.all(Array.from({ length: 9 }, (_, n) => submit(`j${n}`)))
    expect(mostAtOnce()).toBe(2)
    expect(groups.slice(0, 2)).toEqual([['j0'], ['j1']])
    expect(groups.flat().sort()).toEqual(Array.from({ length: 9 }, (_, n) => `j${n}`).sort())
  })

  it('runs a failed group again job by job: only the failing job fails', async () => {
    const { submit, groups } = recorder(1)
    const settled = await Promise.allSettled(['a', 'b', 'bad', 'c'].map(submit))
    expect(settled.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ])
    expect(groups).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']])
  })
})
