import type { PageContext } from './types'

/**
 * The page an event happened on, where that is not the page now: an event recorded after the
 * fact (a form abandoned by navigating away) keeps the page it happened on.
 */
let recordedPage: PageContext | undefined

/** The page being recorded on, if an event is being recorded after the fact. */
export const recordingPage = (): PageContext | undefined => recordedPage

/** Runs `record` with `page` as the envelope's page. */
export function onPage<T>(page: PageContext | undefined, record: () => T): T {
  const outer = recordedPage
  recordedPage = page
  try {
    return record()
  } finally {
    recordedPage = outer
  }
}
