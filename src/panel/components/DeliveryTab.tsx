// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import type { ReactNode } from 'react'
import type { ConsentState, SinkInspection, TrackerStats } from '../../core/types'
import { buttonStyle, cellStyle, mutedStyle, tableStyle } from './styles'
import { TableHead } from './TableHead'

export interface DeliveryView {
  consent: ConsentState
  anonymousId: string
  userId: string | null
  stats: TrackerStats
  /** Each sink, with what it holds when it implements `inspect()`. */
  sinks: { name: string; inspection?: SinkInspection }[]
  /** Deliveries held by "Pause delivery". */
  paused: boolean
}

export interface DeliveryTabProps {
  view: DeliveryView
  /** `Date.now()` of the view: retry countdowns are relative to it. */
  now: number
  onFlush(): void
  onPause(paused: boolean): void
  onConsent(state: ConsentState): void
}

const drops = (dropped: Partial<Record<string, number>>): string =>
  Object.entries(dropped)
    .filter(([, n]) => n)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ') || '0'

/** Flush now, pause or resume delivery, grant or deny consent. */
function DeliveryToolbar({
  view,
  onFlush,
  onPause,
  onConsent,
}: Omit<DeliveryTabProps, 'now'>): ReactNode {
  return (
    <div
      role="toolbar"
      aria-label="Delivery"
      style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}
    >
      <button type="button" style={buttonStyle} onClick={onFlush}>
        Flush now
      </button>
      <button
        type="button"
        style={buttonStyle}
        aria-pressed={view.paused}
        onClick={() => onPause(!view.paused)}
      >
        {view.paused ? 'Resume delivery' : 'Pause delivery'}
      </button>
      <button
        type="button"
        style={buttonStyle}
        aria-pressed={view.consent === 'granted'}
        onClick={() => onConsent('granted')}
      >
        Grant consent
      </button>
      <button
        type="button"
        style={buttonStyle}
        aria-pressed={view.consent === 'denied'}
        onClick={() => onConsent('denied')}
      >
        Deny consent
      </button>
    </div>
  )
}

/** The tracker's consent, ids and `stats()`. */
function TrackerFacts({ view }: { view: DeliveryView }): ReactNode {
  return (
    <dl
      aria-label="Tracker"
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        gap: '2px 12px',
        margin: '0 0 8px',
        fontSize: 12,
      }}
    >
      <dt style={mutedStyle}>consent</dt>
      <dd style={{ margin: 0 }}>{view.consent}</dd>
      <dt style={mutedStyle}>anonymousId</dt>
      <dd style={{ margin: 0, fontFamily: 'ui-monospace, monospace' }}>{view.anonymousId}</dd>
      <dt style={mutedStyle}>userId</dt>
      <dd style={{ margin: 0, fontFamily: 'ui-monospace, monospace' }}>{view.userId ?? '—'}</dd>
      <dt style={mutedStyle}>stats()</dt>
      <dd style={{ margin: 0 }}>
        tracked {view.stats.tracked} · sent {view.stats.sent} · delivered {view.stats.delivered} ·
        dropped {drops(view.stats.dropped)}
      </dd>
    </dl>
  )
}

/** One row per sink: what its `inspect()` says it holds, or that it cannot say. */
function SinkTable({ sinks, now }: { sinks: DeliveryView['sinks']; now: number }): ReactNode {
  return (
    <table style={tableStyle} aria-label="Sinks">
      <TableHead
        columns={['Sink', 'Queued', 'In flight', 'Persisted', 'Retrying', 'Delivered', 'Dropped']}
      />
      <tbody>
        {sinks.map(({ name, inspection: i }, n) => (
          <tr key={`${name}-${n}`} aria-label={`sink ${name}`}>
            <td style={{ ...cellStyle, fontWeight: 600 }}>{name}</td>
            {i ? (
              <>
                <td style={cellStyle}>
                  {i.queued}
                  {i.paused ? ' (paused)' : ''}
                </td>
                <td style={cellStyle}>{i.inFlight}</td>
                <td style={cellStyle}>{i.persisted}</td>
                <td style={cellStyle}>
                  {i.retry
                    ? `attempt ${i.retry.attempt}, next try in ${Math.max(0, Math.ceil((i.retry.nextAt - now) / 1000))} s, last: ${i.retry.last}`
                    : '—'}
                </td>
                <td style={cellStyle}>{i.delivered}</td>
                <td style={cellStyle}>{drops(i.dropped)}</td>
              </>
            ) : (
              <td style={{ ...cellStyle, ...mutedStyle }} colSpan={6}>
                does not implement inspect(): see the inspection contract in docs/sinks.md
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The tracker's delivery made visible: per sink what is queued, in flight, persisted, retrying, delivered and dropped; consent, ids, stats. Pure. */
export function DeliveryTab({
  view,
  now,
  onFlush,
  onPause,
  onConsent,
}: DeliveryTabProps): ReactNode {
  return (
    <div style={{ padding: 8, overflow: 'auto', height: '100%', boxSizing: 'border-box' }}>
      <DeliveryToolbar view={view} onFlush={onFlush} onPause={onPause} onConsent={onConsent} />
      <TrackerFacts view={view} />
      {view.sinks.length === 0 ? (
        <p style={mutedStyle}>This tracker has no sinks: events are recorded, and go nowhere.</p>
      ) : (
        <SinkTable sinks={view.sinks} now={now} />
      )}
    </div>
  )
}
