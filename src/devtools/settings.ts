// What the in-app devtools remember across reloads (open or closed, tab, height): read by the
// loader before the panel exists, written by both. Its own module, so that the lazy panel
// and the loader that imports it depend on it, not on each other.

/** localStorage: open or closed, tab and height, across reloads. */
export const SETTINGS_KEY = 'trackplan:devtools'

export interface Settings {
  open: boolean
  tab: string
  height: number
}

export function readSettings(initialIsOpen: boolean): Settings {
  const fallback: Settings = { open: initialIsOpen, tab: 'Events', height: 320 }
  try {
    const saved = JSON.parse(
      localStorage.getItem(SETTINGS_KEY) ?? 'null',
    ) as Partial<Settings> | null
    return saved ? { ...fallback, ...saved } : fallback
  } catch {
    return fallback
  }
}

export function writeSettings(settings: Settings): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings))
  } catch {
    // storage refused: remembered for this page only
  }
}
