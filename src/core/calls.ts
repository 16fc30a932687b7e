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

/** How the calls turn input away: reported or dropped, never thrown into the app. */
interface InputChecks {
  /** `run`, with what it throws reported (but `PlanViolationError`, thrown on purpose). */
  guard<Args extends unknown[]>(
    call: string,
    run: (...args: Args) => TrackedEvent | null,
  ): (...args: Args) => TrackedEvent | null
  /** A call with input it cannot use; `needs` says what it takes (development builds only). */
  invalid(call: string, got: unknown, needs: string | false): null
  /** identify/alias refused on a server's shared tracker. */
  refuseShared(call: string): null
}

function inputChecks({ drop, report }: CallsOptions): InputChecks {
  return {
    guard:
      (call, run) =>
      (...args) => {
        try {
          return run(...args)
        } catch (error) {
          if (error instanceof PlanViolationError) throw error
          const message =
            process.env.NODE_ENV !== 'production'
              ? `${call}() failed on its input; nothing was recorded.`
              : call
          report(new TrackplanError('invalid_event', message, { cause: error }))
          // counted with the drops, so that stats() still adds up; reported just above
          return drop('invalid', message, undefined, undefined, 'quiet')
        }
      },
    invalid: (call, got, needs) =>
      drop(
        'invalid',
        process.env.NODE_ENV !== 'production'
          ? `${call}() ${needs}, got ${describe(got)}; nothing was recorded.`
          : call,
      ),
    refuseShared: (call) =>
      drop(
        'invalid',
        process.env.NODE_ENV !== 'production'
          ? `${call}() on a server tracker would give every later request this user: identify a request's own tracker instead, tracker.withIdentity({ userId, anonymousId }).`
          : call,
      ),
  }
}

/** What each call works with: the tracker's recording, the checks, and whose calls they are. */
interface CallKit extends CallsOptions, InputChecks {
  who: () => Who
  /** The tracker's own person (its ids are persisted), not one made by `withIdentity`. */
  own: boolean
}

const trackCall = (kit: CallKit): Calls['track'] =>
  kit.guard('track', (name: unknown, properties?: PropertiesInput) =>
    typeof name !== 'string' || name.trim() === ''
      ? kit.invalid(
          'track',
          name,
          process.env.NODE_ENV !== 'production' && 'needs a non-empty event name',
        )
      : kit.record(kit.who(), 'track', name, properties),
  ) as Calls['track']

const pageCall = (kit: CallKit): Calls['page'] =>
  kit.guard('page', (name?: string, properties?: PropertiesInput) => {
    if (name !== undefined && typeof name !== 'string')
      return kit.invalid(
        'page',
        name,
        process.env.NODE_ENV !== 'production' && 'takes a page name string',
      )
    // the page's context is a page event's default properties
    const page = eventPage() as PropertiesInput | undefined
    return kit.record(kit.who(), 'page', name, layerProperties(page, properties))
  })

type Extra = Parameters<RecordEvent>[4]

/**
 * identify and alias: the person's user id set (and persisted, for the tracker's own), then
 * the event recorded with what `extra` makes of the person before the change.
 */
function setUser(
  kit: CallKit,
  type: 'identify' | 'alias',
  userId: string,
  extra: (before: Who) => Extra,
): TrackedEvent | null {
  if (kit.own && kit.shared) return kit.refuseShared(type)
  const person = kit.who()
  const details = extra(person)
  person.userId = userId
  if (kit.own) kit.persistIds()
  return kit.record(person, type, undefined, undefined, details)
}

const identifyCall = (kit: CallKit): Calls['identify'] =>
  kit.guard('identify', (id: string, traits?: PropertiesInput) =>
    (typeof id !== 'string' || id === '') && typeof id !== 'number'
      ? kit.invalid(
          'identify',
          id,
          process.env.NODE_ENV !== 'production' && 'needs a user id (a non-empty string)',
        )
      : setUser(kit, 'identify', String(id), () => ({ traits: sanitizeProperties(traits) })),
  )

const aliasCall = (kit: CallKit): Calls['alias'] =>
  kit.guard('alias', (newId: string, previousId?: string) =>
    typeof newId !== 'string' || newId === ''
      ? kit.invalid(
          'alias',
          newId,
          process.env.NODE_ENV !== 'production' && 'needs a new id (a non-empty string)',
        )
      : setUser(kit, 'alias', newId, (before) => ({
          previousId:
            typeof previousId === 'string' && previousId
              ? previousId
              : (before.userId ?? before.anonymousId),
        })),
  )

/**
 * The calls that make envelopes — track, page, identify, alias — checking their input, for
 * the tracker itself (`own`) or one person (`withIdentity`). They never throw into the app
 * (except `PlanViolationError` under `validation: 'throw'`): what slips past is reported.
 */
export function createCalls(options: CallsOptions): (who: () => Who, own: boolean) => Calls {
  const checks = inputChecks(options)
  return (who, own) => {
    const kit: CallKit = { ...options, ...checks, who, own }
    return {
      track: trackCall(kit),
      page: pageCall(kit),
      identify: identifyCall(kit),
      alias: aliasCall(kit),
    }
  }
}
