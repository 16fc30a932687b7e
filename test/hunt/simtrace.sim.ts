import { it } from 'vitest'
import { scheduleFor } from '../simulation/schedule'
import { shrink, runSchedule } from '../simulation/run'
import { World } from '../simulation/world'
import { START } from '../simulation/world'

it('trace', async () => {
  const seed = Number(process.env.TRACE_SEED)
  const s = scheduleFor(seed)
  const first = (await runSchedule(s)).violations[0]!
  const shrunk = await shrink(s, first.invariant)
  const orig = World.prototype.constructor
  let world: any
  const proto = World.prototype as any
  const origViolate = proto.violate
  proto.violate = function (this: any, ...a: any[]) {
    world = this
    return origViolate.apply(this, a)
  }
  const r = await runSchedule(shrunk)
  proto.violate = origViolate
  console.log(r.violations.map((v) => `${v.invariant}: ${v.detail} @${v.at - START}`).join('\n'))
  for (const q of world.network.requests) {
    const f = q.fate
    console.log(
      `#${q.id} p${q.page.id} s${q.sink} start+${q.start - START} ka=${q.keepalive} n=${q.messageIds.length} fate=${JSON.stringify(f)} ans+${q.answeredAt ? q.answeredAt - START : '-'} ab=${q.aborted}`,
    )
  }
  void orig
})
