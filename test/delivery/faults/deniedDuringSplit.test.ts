// @vitest-environment node
// Found by the delivery simulation (seed 1204993; on c67b3c4 too). A page sends a batch and
// goes into the back/forward cache with it on the wire; another tab, seeing no heartbeat,
// adopts those events, and then consent is denied (that tab drops them: consent). The first
// page comes back to the batch's 413 and sent both halves of the split — events it no longer
// owned, after consent was denied, delivered and dropped at once. A half whose events another
// tab adopted now waits like a half consent discarded: it is that tab's.
import { expect, it } from 'vitest'
import { runSchedule } from '../../simulation/run'
import type { Schedule } from '../../simulation/schedule'

// seed 1204993's schedule, shrunk (the world heals after it)
const schedule: Schedule = {
  seed: 1204993,
  config: {
    batchSize: 20,
    flushInterval: 5000,
    maxQueueSize: 1000,
    orphanAfter: 3000,
    timeout: 1000,
    baseDelay: 100,
    maxDelay: 2000,
    maxAttempts: 10,
    persist: true,
    consent: 'pending',
    consentBufferSize: 5,
  },
  steps: [
    { after: 0, kind: 'open', visible: true },
    { after: 100, kind: 'track', page: 1, count: 1 },
    { after: 100, kind: 'consent', state: 'granted' },
    { after: 500, kind: 'track', page: 2, count: 1 },
    { after: 1, kind: 'close tab', page: 0 },
    { after: 1500, kind: 'open', visible: true },
    { after: 100, kind: 'bfcache', page: 1 },
    { after: 15000, kind: 'offline' },
    { after: 1, kind: 'open', visible: false },
    { after: 500, kind: 'consent', state: 'denied' },
  ],
}

it('nothing is sent after consent is denied', async () => {
  const { violations } = await runSchedule(schedule)
  expect(violations.map((v) => `${v.invariant}: ${v.detail}`)).toEqual([])
}, 120_000)
