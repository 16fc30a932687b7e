import { useEffect, useState } from 'react'
import type { EventInfo, TrackedEvent, Tracker } from 'trackplan'

interface Row {
  event: TrackedEvent
  info: EventInfo
}

/** A live list of the envelopes a tracker produces, newest first: the playground's simple log. */
export function EventLog({ tracker }: { tracker: Tracker }) {
  const [rows, setRows] = useState<Row[]>([])
  useEffect(() => tracker.subscribe((event, info) => setRows((r) => [{ event, info }, ...r].slice(0, 200))), [tracker])
  return (
    <aside aria-label="Tracked events" style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12, borderLeft: '1px solid #ddd', paddingLeft: 12, minWidth: 280 }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <strong>Tracked events ({rows.length})</strong>
        <button type="button" onClick={() => setRows([])}>Clear log</button>
      </header>
      {rows.length === 0 ? <p style={{ color: '#888' }}>Nothing tracked yet: interact with the story.</p> : null}
      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {rows.map(({ event, info }) => (
          <li key={event.messageId} style={{ padding: '6px 0', borderBottom: '1px solid #eee' }}>
            <div>
              <strong>{event.type === 'track' ? event.event : `${event.type}${event.event ? ` ${event.event}` : ''}`}</strong>{' '}
              <span style={{ color: '#888' }}>{new Date(event.timestamp).toLocaleTimeString()}</span>
              {info.dropped ? <span style={{ color: '#b00' }}> dropped: {info.dropped}</span> : null}
              {info.violations.length > 0 ? <span style={{ color: '#b60' }}> {info.violations.map((v) => v.message).join('; ')}</span> : null}
            </div>
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(event.properties)}</pre>
          </li>
        ))}
      </ol>
    </aside>
  )
}
