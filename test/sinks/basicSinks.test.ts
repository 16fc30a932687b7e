import { describe, expect, it, vi } from 'vitest'
import {
  callbackSink,
  consoleSink,
  createTracker,
  memorySink,
  type TrackplanError,
} from 'trackplan'

describe('memorySink', () => {
  it('keeps envelopes in order and clears them', async () => {
    const memory = memorySink()
    const tracker = createTracker({ sinks: [memory], storage: 'memory' })
    tracker.track('One')
    tracker.track('Two')
    await tracker.flush()
    expect(memory.events.map((e) => e.event)).toEqual(['One', 'Two'])
    memory.clear()
    expect(memory.events).toEqual([])
  })
})

describe('consoleSink', () => {
  it('logs a collapsed group per envelope with its properties', async () => {
    const group = vi.spyOn(console, 'groupCollapsed').mockImplementation(() => {})
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const end = vi.spyOn(console, 'groupEnd').mockImplementation(() => {})
    const tracker = createTracker({ sinks: [consoleSink()], storage: 'memory' })
    tracker.track('Viewed Pricing', { plan: 'pro' })
    await tracker.flush()
    expect(group).toHaveBeenCalledWith('[trackplan] track Viewed Pricing')
    expect(log).toHaveBeenCalledWith('properties', { plan: 'pro' })
    expect(end).toHaveBeenCalledOnce()
    vi.restoreAllMocks()
  })
})

describe('callbackSink', () => {
  it('awaits the callback in flush() and reports its failure to onError', async () => {
    const errors: TrackplanError[] = []
    const got: string[] = []
    const tracker = createTracker({
      storage: 'memory',
      onError: (e) => errors.push(e),
      sinks: [
        callbackSink(async (event) => {
          await new Promise((r) => setTimeout(r, 20))
          if (event.event === 'Bad') throw new Error('collector down')
          got.push(event.event!)
        }),
      ],
    })
    tracker.track('Good')
    tracker.track('Bad')
    await tracker.flush()
    expect(got).toEqual(['Good'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({
      code: 'sink_failed',
      sink: 'callback',
      event: { event: 'Bad' },
    })
  })
})
