// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { toItem } from '../../src/sinks/http/item'
import type { TrackedEvent } from 'trackplan/core'

const event = (context: object, i: number): TrackedEvent =>
  ({
    type: 'track',
    event: 'Clicked Button',
    properties: { i, label: 'Ünïcode ✓' },
    userId: null,
    anonymousId: 'a',
    messageId: `m-${i}`,
    timestamp: '2026-12-02T10:00:00.000Z',
    context,
  }) as TrackedEvent

describe('httpSink queue: an event as JSON', () => {
  it('is the event’s JSON whether its context is shared and frozen, changed, or a plain object; size is UTF-8 bytes', () => {
    const shared = Object.freeze({
      library: { name: 'trackplan', version: '0' },
      page: { path: '/', url: 'https://a.test/', title: 'A', referrer: '', search: '' },
    })
    const next = Object.freeze({
      ...shared,
      page: { ...shared.page, path: '/b', url: 'https://a.test/b' },
    })
    const plain = { library: { name: 'trackplan', version: '0' }, locale: 'de-DE' }
    const events = [
      event(shared, 1),
      event(shared, 2),
      event(next, 3),
      event(plain, 4),
      event(shared, 5),
    ]
    for (const e of events) {
      const item = toItem(e)
      expect(JSON.parse(item.json)).toEqual(JSON.parse(JSON.stringify(e)))
      expect(item.size).toBe(Buffer.byteLength(item.json, 'utf8'))
    }
    // a plain (unfrozen) context changed in place is read as it is now
    plain.locale = 'fr-FR'
    expect(JSON.parse(toItem(event(plain, 6)).json).context.locale).toBe('fr-FR')
  })
})
