// What both hosts of the panel (Storybook's manager, the in-app devtools) do with a session
// outside React: export it as a file, copy a snippet.
import { sessionCsv, sessionJson } from './components/format'
import type { PanelEvent } from './types'

/** Downloads the session as `trackplan-session.json` or `.csv`. */
export function exportSession(format: 'json' | 'csv', events: readonly PanelEvent[]): void {
  const [type, text] =
    format === 'json' ? ['application/json', sessionJson(events)] : ['text/csv', sessionCsv(events)]
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = `trackplan-session.${format}`
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Puts `text` on the clipboard; `false` when the browser refuses (no permission, no focus). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
