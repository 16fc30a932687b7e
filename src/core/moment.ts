import type { PageContext } from './types'

/**
 * When and where an event happened, where that is not now and here: an event recorded after
 * the fact (a form abandoned by navigating away; a call the tracker took before its engine
 * arrived) keeps the page and the time it happened at.
 */
export interface Moment {
  page?: PageContext | undefined
  /** Milliseconds since the epoch. */
  at?: number | undefined
}

let current: Moment | undefined

/** The moment being recorded, if an event is being recorded after the fact. */
export const moment = (): Moment | undefined => current

/** Runs `record` with `when` as the envelope's page and time (each when given). */
export function recordAt<T>(when: Moment, record: () => T): T {
  const outer = current
  current = outer ? { ...outer, ...when } : when
  try {
    return record()
  } finally {
    current = outer
  }
}

/** Runs `record` with `page` as the envelope's page. */
export const onPage = <T>(page: PageContext | undefined, record: () => T): T =>
  recordAt({ page }, record)
