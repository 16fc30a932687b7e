// @vitest-environment node
// Found by the delivery simulation (seed 901227), on c67b3c4 as on issue 30's merge: a tab
// whose storage filled up stops writing for good, its heartbeat too; once storage takes writes
// again, another tab takes that tab's record for a dead one and adopts its persisted segments
// while the live tab still holds the same events. The live tab then dropped one as overflow
// that the other delivered: stats() counted an event both delivered and dropped. Now the queue
// asks whether its queue is still its own before it drops anything as overflow.
import { expect, it } from 'vitest'
import { runSchedule } from '../../simulation/run'
import type { Schedule } from '../../simulation/schedule'

// seed 901227's schedule, shrunk (the world heals after it)
const schedule: Schedule = {
  seed: 901227,
  config: {
    batchSize: 1,
    flushInterval: 50,
    maxQueueSize: 30,
    orphanAfter: 1000,
    timeout: 10000,
    baseDelay: 100,
    maxDelay: 2000,
    maxAttempts: 2,
    persist: true,
    consent: 'granted',
    consentBufferSize: 5,
  },
  steps: [
    { after: 100, kind: 'open', visible: false },
    { after: 100, kind: 'freeze', page: 0 },
    { after: 4000, kind: 'open', visible: true },
    { after: 100, kind: 'offline' },
    { after: 4000, kind: 'track', page: 1, count: 25 },
    { after: 4000, kind: 'storage', mode: 'full' },
    { after: 4000, kind: 'track', page: 1, count: 5 },
    { after: 15000, kind: 'storage', mode: 'ok' },
    { after: 1, kind: 'resume', page: 0 },
    { after: 0, kind: 'track', page: 1, count: 1 },
  ],
}

it('a live tab adopted while its storage was full: no event is both received and dropped', async () => {
  const { violations } = await runSchedule(schedule)
  expect(violations.map((v) => `${v.invariant}: ${v.detail}`)).toEqual([])
}, 120_000)
