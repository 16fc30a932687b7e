import { note, type Notes } from './model'

/** A version's numbers: `1-0-2` (Iglu) or `1.0.2` or `3` (Segment); anything else counts as 0. */
const versionNumbers = (version: unknown): number[] =>
  String(version ?? '0')
    .split(/[-.]/)
    .map((n) => Number(n) || 0)

const isNewer = (version: unknown, than: unknown): boolean => {
  const a = versionNumbers(version)
  const b = versionNumbers(than)
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return false
}

/** How `keepNewest` reads an item: its name, and its version. */
export interface Versioned<T> {
  name: (item: T) => string
  version: (item: T) => unknown
}

/** Keeps the newest version of each name; the others are reported. */
export function keepNewest<T>(items: T[], read: Versioned<T>, notes: Notes): T[] {
  const kept = new Map<string, T>()
  for (const item of items) {
    const name = read.name(item)
    const seen = kept.get(name)
    if (!seen) {
      kept.set(name, item)
      continue
    }
    const newer = isNewer(read.version(item), read.version(seen)) ? item : seen
    const older = newer === item ? seen : item
    kept.set(name, newer)
    note(
      notes,
      'note',
      `version ${String(read.version(older))} was not imported: version ${String(read.version(newer))} is newer`,
      name,
    )
  }
  return [...kept.values()]
}
