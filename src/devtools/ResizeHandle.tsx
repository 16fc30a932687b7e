// The in-app panel's top edge: drag it (or focus it and use ↑/↓) to change the panel's height.
import type { Dispatch, PointerEvent as ReactPointerEvent, ReactNode, SetStateAction } from 'react'
import { writeSettings, type Settings } from './settings'

const MIN_HEIGHT = 160

/** The panel's top edge: dragged (or ArrowUp / ArrowDown) to resize; the height is saved when the drag ends. */
export function ResizeHandle({
  height,
  setSettings,
  save,
}: {
  height: number
  setSettings: Dispatch<SetStateAction<Settings>>
  save(next: Partial<Settings>): void
}): ReactNode {
  const startResize = (e: ReactPointerEvent): void => {
    e.preventDefault()
    const startY = e.clientY
    const move = (m: PointerEvent): void =>
      setSettings((s) => ({
        ...s,
        height: Math.max(MIN_HEIGHT, Math.min(innerHeight - 40, height + startY - m.clientY)),
      }))
    const up = (): void => {
      removeEventListener('pointermove', move, true)
      removeEventListener('pointerup', up, true)
      setSettings((s) => {
        writeSettings({ ...s, open: true })
        return s
      })
    }
    // capture: the devtools' shadow root stops a `pointerup` over the panel (decision 0095)
    addEventListener('pointermove', move, true)
    addEventListener('pointerup', up, true)
  }
  return (
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the devtools"
      tabIndex={0}
      onPointerDown={startResize}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault()
          save({ height: Math.max(MIN_HEIGHT, height + (e.key === 'ArrowUp' ? 24 : -24)) })
        }
      }}
      style={{ height: 6, cursor: 'ns-resize', background: 'rgba(128,128,128,0.15)' }}
    />
  )
}
