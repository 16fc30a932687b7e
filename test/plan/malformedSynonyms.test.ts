// A plan's `synonyms` that are not a list of lists of strings (a plan read from JSON, a
// typo in a JavaScript file) never throw into the app: a tracker is made, its events are
// checked, and the groups it cannot read are left out.
import { describe, expect, it } from 'vitest'
import { createTracker, defineTrackingPlan, memorySink, type TrackingPlan } from 'trackplan/core'

const withSynonyms = (synonyms: unknown): TrackingPlan =>
  defineTrackingPlan({
    events: { 'Signed Up': { properties: {} } },
    synonyms: synonyms as TrackingPlan['synonyms'],
  })

describe('malformed synonyms', () => {
  it.each([
    ['an object', { Registered: 'Signed Up' }],
    ['a list of strings', ['Registered', 'Signed Up']],
    ['a list with null and a number', [null, 5, ['Registered', 'Signed Up']]],
    ['a group with a number in it', [['Registered', 7, 'Signed Up']]],
  ])('%s: createTracker and track() do not throw; readable groups still count', (_, synonyms) => {
    const sink = memorySink()
    const tracker = createTracker({
      plan: withSynonyms(synonyms),
      sinks: [sink],
      onError: () => {},
    })
    expect(() => tracker.track('Registered')).not.toThrow()
    expect(() => tracker.track('Signed Up')).not.toThrow()
  })

  it('a readable group beside unreadable ones is still applied', () => {
    const messages: string[] = []
    const tracker = createTracker({
      plan: withSynonyms([null, ['Registered', 'Signed Up']]),
      sinks: [memorySink()],
      onError: (error) => messages.push(error.message),
    })
    tracker.track('Registered')
    expect(messages.join(' ')).toContain('near-duplicate of "Signed Up"')
  })
})
