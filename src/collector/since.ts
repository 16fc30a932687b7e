import { parseTime } from './readEnvelope'

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
}

/**
 * `--since` and `?since=`: a duration back from `now` (`30m`, `24h`, `7d`, `2w`) or an ISO
 * 8601 date-time; undefined when it is neither.
 *
 * @example
 * parseSince('7d', new Date('2026-01-08T00:00:00Z')) // 2026-01-01T00:00:00.000Z
 */
export function parseSince(value: string, now: Date): Date | undefined {
  const duration = /^(\d{1,6})\s*([mhdw])$/i.exec(value.trim())
  if (duration)
    return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]!.toLowerCase()]!)
  const time = parseTime(value.trim())
  return time === undefined ? undefined : new Date(time)
}
