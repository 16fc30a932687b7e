import { eventPage } from './context'
import type { Who } from './envelope'
import type { Drop } from './pipeline'
import { layerProperties } from './properties'
import { sanitizeProperties, type Sanitized } from './sanitize'
import { PlanViolationError, TrackplanError } from './TrackplanError'
import type { EventType, PropertiesInput, TrackedEvent, Tracker } from './types'

/** Records one envelope for `who`; `null` when it was dropped. */
export type RecordEvent = (
  who: Who,
  type: EventType,
  name: string | undefined,
  properties: PropertiesInput | undefined,
  extra?: { traits?: Sanitized; previousId?: string },
) => TrackedEvent | null

export interface CallsOptions {
  record: RecordEvent
  drop: Drop
  report(error: TrackplanError): void
  /** Writes the tracker's own ids (as consent allows). */
  persistIds(): void
  /**
   * A server tracker serves every request: its own ids would leak from one request to the
   * next, so identify/alias are refused on it and a request's events go through withIdentity().
   */
  shared: boolean
}

export type Calls = Pick<Tracker<never>, 'track' | 'page' | 'identify' | 'alias'>

const describe = (value: unknown): string => {
  try {
    return typeof value === 'string'
      ? value
        ? JSON.stringify(value)
        : 'an empty string'
      : String(value)
  } catch {
    return `an unprintable ${typeof value}`
  }
}

/**
 * The calls that make envelopes — track, page, identify, alias — checking their input, for
 * the tracker itself (`own`) or one person (`withIdentity`). They never throw into the app
 * (except `PlanViolationError` under `validation: 'throw'`): what slips past is reported.
 */
export function createCalls({
  record,
  drop,
  report,
  persistIds,
  shared,
}: CallsOptions): (who: () => Who, own: boolean) => Calls {
  const guard =
    <Args extends unknown[]>(call: string, run: (...args: Args) => TrackedEvent | null) =>
    (...args: Args): TrackedEvent | null => {
      try {
        return run(...args)
      } catch (error) {
        if (error instanceof PlanViolationError) throw error
        report(
          new TrackplanError(
            'invalid_event',
            process.env.NODE_ENV !== 'production'
              ? `${call}() failed on its input; nothing was recorded.`
              : call,
            { cause: error },
          ),
        )
        return null
      }
    }
  /** A call with input it cannot use; `needs` says what it takes (development builds only). */
  const invalid = (call: string, got: unknown, needs: string | false): null =>
    drop(
      'invalid',
      process.env.NODE_ENV !== 'production'
        ? `${call}() ${needs}, got ${describe(got)}; nothing was recorded.`
        : call,
    )
  const refuse = (call: string): null =>
    drop(
      'invalid',
      process.env.NODE_ENV !== 'production'
        ? `${call}() on a server tracker would give every later request this user: identify a request's own tracker instead, tracker.withIdentity({ userId, anonymousId }).`
        : call,
    )

  return (who, own) => ({
    track: guard('track', (name: unknown, properties?: PropertiesInput) =>
      typeof name !== 'string' || name.trim() === ''
        ? invalid(
            'track',
            name,
            process.env.NODE_ENV !== 'production' && 'needs a non-empty event name',
          )
        : record(who(), 'track', name, properties),
    ) as Calls['track'],

    page: guard('page', (name?: string, properties?: PropertiesInput) => {
      if (name !== undefined && typeof name !== 'string')
        return invalid(
          'page',
          name,
          process.env.NODE_ENV !== 'production' && 'takes a page name string',
        )
      return record(
        who(),
        'page',
        name,
        layerProperties(eventPage() as PropertiesInput | undefined, properties),
      )
    }),

    identify: guard('identify', (id: string, traits?: PropertiesInput) => {
      if ((typeof id !== 'string' || id === '') && typeof id !== 'number')
        return invalid(
          'identify',
          id,
          process.env.NODE_ENV !== 'production' && 'needs a user id (a non-empty string)',
        )
      if (own && shared) return refuse('identify')
      const person = who()
      person.userId = String(id)
      if (own) persistIds()
      return record(person, 'identify', undefined, undefined, {
        traits: sanitizeProperties(traits),
      })
    }),

    alias: guard('alias', (newId: string, previousId?: string) => {
      if (typeof newId !== 'string' || newId === '')
        return invalid(
          'alias',
          newId,
          process.env.NODE_ENV !== 'production' && 'needs a new id (a non-empty string)',
        )
      if (own && shared) return refuse('alias')
      const person = who()
      const previous =
        typeof previousId === 'string' && previousId
          ? previousId
          : (person.userId ?? person.anonymousId)
      person.userId = newId
      if (own) persistIds()
      return record(person, 'alias', undefined, undefined, { previousId: previous })
    }),
  })
}
