// @vitest-environment node
// A sender controls how many violations an envelope has: 3,300 unexpected keys fit in 32 KB.
// Finding their paths, stripping them and storing them must stay linear in what was sent
// (the handler runs on the event loop every other request shares), and what is stored per
// event is bounded.
import { createCollector, memoryStore } from 'trackplan/collector'
import { describe, expect, it } from 'vitest'
import { checkBatch, MAX_STORED_VIOLATIONS } from '../../src/collector/checkBatch'
import { compilePlan } from '../../src/plan/validate'
import { batchRequest, envelope, plan, RECEIVED_AT } from './helpers'

const manyUnexpected = () =>
  Object.fromEntries(Array.from({ length: 3300 }, (_, n) => [`k${n}`, 0]))

const check = (mode: 'observe' | 'strip', batch: unknown[]) =>
  checkBatch(batch, {
    check: compilePlan(plan),
    mode,
    planVersion: 'v',
    times: { receivedAt: RECEIVED_AT, sentAt: undefined },
  })

describe('an envelope with thousands of violations', () => {
  it('is checked in observe mode without a cost per violation per key', async () => {
    const started = performance.now()
    const checked = await check('observe', [
      envelope({ event: 'Signed Up', properties: manyUnexpected() }),
    ])
    // the plan check itself takes tens of ms here; finding each key's path among 3,300 keys
    // took seconds
    expect(performance.now() - started).toBeLessThan(1000)
    expect(checked.events).toHaveLength(1)
  })

  it('is stripped in strip mode in one pass, every unexpected key gone', async () => {
    const started = performance.now()
    const checked = await check('strip', [
      envelope({
        event: 'Signed Up',
        properties: { method: 'sso', ...manyUnexpected(), address: { city: 'Oslo', zip: '1' } },
      }),
    ])
    expect(performance.now() - started).toBeLessThan(1000)
    expect(checked.events[0]!.envelope.properties).toEqual({
      method: 'sso',
      address: { city: 'Oslo' },
    })
  })

  it(`stores at most ${MAX_STORED_VIOLATIONS} violations per event, the last saying how many more there were`, async () => {
    const store = memoryStore()
    const collector = createCollector({ plan, store, now: () => RECEIVED_AT })
    const answer = await collector.handle(
      batchRequest({ batch: [envelope({ event: 'Signed Up', properties: manyUnexpected() })] }),
    )
    expect(answer.status).toBe(200)
    const [stored] = store.events()
    expect(stored!.violations).toHaveLength(MAX_STORED_VIOLATIONS)
    expect(stored!.violations.at(-1)).toMatchObject({
      kind: 'unexpected',
      message: expect.stringContaining(`and ${3300 - MAX_STORED_VIOLATIONS + 1} more`),
    })
    await collector.close()
  })
})
