// @vitest-environment node
// Found by the delivery simulation (seed 901227), on c67b3c4 as on issue 30's merge: a tab
// whose storage filled up stops writing for good, its heartbeat too; once storage takes writes
// again, another tab takes that tab's record for a dead one and adopts its persisted segments
// while the live tab still holds the same events. The live tab then drops one as overflow
// that the other delivered: stats() counts an event both delivered and dropped.
import { expect, it } from 'vitest'
import { runSchedule } from '../../simulation/run'
import { scheduleFor } from '../../simulation/schedule'

it('seed 901227: no event is both received and dropped', async () => {
  const { violations } = await runSchedule(scheduleFor(901227))
  expect(violations.map((v) => `${v.invariant}: ${v.detail}`)).toEqual([])
}, 120_000)
