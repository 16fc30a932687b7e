import { EARLIEST, LATEST, parseTime } from './readEnvelope'

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
}

/**
 * `--since` and `?since=`: a duration back from `now` (`30m`, `24h`, `7d`, `2w`; one reaching
 * before year 1 means all of it) or an ISO 8601 date-time within years 1–9999, the times a
 * database keeps; undefined when it is neither.
 *
 * @example
 * parseSince('7d', new Date('2026-01-08T00:00:00Z')) // 2026-01-01T00:00:00.000Z
 */
export function parseSince(value: string, now: Date): Date | undefined {
  const duration = /^(\d{1,6})\s*([mhdw])$/i.exec(value.trim())
  if (duration) {
    const back = Number(duration[1]) * UNIT_MS[duration[2]!.toLowerCase()]!
    return new Date(Math.max(EARLIEST, now.getTime() - back))
  }
  const time = parseTime(value.trim())
  return time === undefined || time < EARLIEST || time > LATEST ? undefined : new Date(time)
}
