import type { Call } from './createTracker'
import type { StorageLike, TrackerOptions } from './types'
import type { TrackingPlan } from '../plan/types'

/**
 * Calls a page kept for its engine and could not hand over, because the page went away first
 * (a click that navigates, a closed tab): left in storage for the next page's tracker with the
 * same sinks, whose engine sends them with their old page and time. One key per set of sink
 * names, so that two trackers on a page (an app's, a widget's) keep theirs apart; a tracker
 * without sinks keeps nothing past its page.
 */
const LEFT_KEY = 'trackplan:kept:'

/**
 * For a tracker whose engine is on its way: the calls an earlier page left it, as written (taken:
 * gone from storage; the engine reads them, `takeLeft` in engine.ts), and the stop of the watch
 * that leaves its own. Whenever the page turns hidden (it does before it goes away), the earlier
 * page's calls and then `target`'s calls in `kept()` are written — a withIdentity person's are a
 * server's, where pages do not go away; a value JSON cannot hold (a cycle) is `lost()`. The stop
 * is called as the engine arrives: what was written goes (the page came back, from the
 * back-forward cache, and sends its calls itself).
 */
export function leftCalls(
  storage: StorageLike | undefined,
  options: TrackerOptions<TrackingPlan>,
  target: Call[0],
  kept: () => Call[] | undefined,
  lost: () => void,
): [taken: string, stop: () => void] {
  const key = options.sinks?.length ? LEFT_KEY + options.sinks.map((sink) => sink.name).join() : ''
  if (!key || !storage || typeof document === 'undefined') return ['', () => {}]
  let taken = ''
  try {
    // a JSON array of calls: its items, so that this page's own can follow them
    taken = storage.getItem(key)?.slice(1, -1) ?? ''
    storage.removeItem(key)
  } catch {
    // unreadable: nothing to take
  }
  let wrote: unknown
  const leave = (): void => {
    const calls = kept()
    if (!calls || document.visibilityState !== 'hidden') return
    const saved = calls
      .filter(([to]) => to === target)
      .map(([, ...call]) => {
        try {
          return JSON.stringify(call)
        } catch {
          lost()
        }
      })
    try {
      wrote = storage.setItem(key, `[${[taken, ...saved].filter(Boolean).join()}]`) ?? 1
    } catch {
      // storage refused: what is kept stays in memory only
    }
  }
  document.addEventListener('visibilitychange', leave)
  return [
    taken,
    () => {
      document.removeEventListener('visibilitychange', leave)
      if (wrote) storage.removeItem(key)
    },
  ]
}
