// The in-app panel's header: which tracker, show tracked elements, a status line, Close.
import type { ReactNode } from 'react'
import { buttonStyle } from '../panel/components/styles'
import type { DevtoolsSnapshot } from './store'

export interface HeaderProps {
  trackers: DevtoolsSnapshot['trackers']
  current: number
  onPick(index: number): void
  elements: boolean
  onElements(show: boolean): void
  status: string
  onClose(): void
}

/** The panel's header: the tracker picked (when there are several), the tracked elements' outlines, a status line, Close. */
export function Header({
  trackers,
  current,
  onPick,
  elements,
  onElements,
  status,
  onClose,
}: HeaderProps): ReactNode {
  return (
    <header
      style={{
        display: 'flex',
        gap: 8,
        alignItems: 'center',
        padding: '4px 8px',
        borderBottom: '1px solid rgba(128,128,128,0.3)',
      }}
    >
      <strong>trackplan</strong>
      {trackers.length > 1 ? (
        <select
          aria-label="Tracker"
          value={current}
          onChange={(e) => onPick(Number(e.target.value))}
          style={buttonStyle}
        >
          {trackers.map((t, i) => (
            <option key={i} value={i}>
              {t.label}
              {t.plan ? ` (${Object.keys(t.plan.events).length} planned events)` : ''}
            </option>
          ))}
        </select>
      ) : null}
      <button
        type="button"
        aria-pressed={elements}
        onClick={() => onElements(!elements)}
        style={buttonStyle}
      >
        Show tracked elements
      </button>
      <span role="status" style={{ opacity: 0.7 }}>
        {status}
      </span>
      <span style={{ flex: 1 }} />
      <button
        type="button"
        aria-label="Close trackplan devtools"
        onClick={onClose}
        style={buttonStyle}
      >
        Close
      </button>
    </header>
  )
}
