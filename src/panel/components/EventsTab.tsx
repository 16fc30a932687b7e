// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import { useMemo, useState, type MouseEvent, type ReactNode } from 'react'
import type { PanelEvent } from '../types'
import { collapseRepeats, eventLabel, keyProperties, matches, testSnippet } from './format'
import { badgeStyle, buttonStyle, cellStyle, inputStyle, mutedStyle, tableStyle } from './styles'
import { TableHead } from './TableHead'

export interface EventsTabProps {
  events: readonly PanelEvent[]
  paused: boolean
  onPause(paused: boolean): void
  onClear(): void
  /** The selected event: its details show, and the preview outlines its element. */
  selected: string | null
  onSelect(messageId: string | null): void
  onExport(format: 'json' | 'csv'): void
  /** Pointing at an event's row (`null`: no longer): a host may outline its element. */
  onHover?(messageId: string | null): void
  /** "Copy as test" in the details: the host copies the snippet (e.g. to the clipboard). */
  onCopyTest?(snippet: string): void
}

const time = (iso: string): string => {
  const d = new Date(iso)
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** One event's row: time, name (a button that selects it), key properties, plan status; `count` repeats collapsed into it. */
function EventRow({
  item,
  count,
  selected,
  onSelect,
  onHover,
}: { item: PanelEvent; count: number; selected: boolean } & Pick<
  EventsTabProps,
  'onSelect' | 'onHover'
>): ReactNode {
  const id = item.event.messageId
  return (
    <tr
      aria-selected={selected}
      style={selected ? { background: 'rgba(30,167,253,0.18)' } : undefined}
      // over/out, not enter/leave: React drops an enter coming from another React root (the app's, beside the devtools' own)
      {...(onHover
        ? {
            onMouseOver: () => onHover(id),
            onMouseOut: (e: MouseEvent<HTMLTableRowElement>) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onHover(null)
            },
          }
        : {})}
    >
      <td style={{ ...cellStyle, ...mutedStyle, whiteSpace: 'nowrap' }}>
        {time(item.event.timestamp)}
      </td>
      <td style={cellStyle}>
        <button
          type="button"
          onClick={() => onSelect(selected ? null : id)}
          style={{
            ...buttonStyle,
            background: 'none',
            border: 'none',
            padding: 0,
            fontWeight: 600,
            textAlign: 'left',
          }}
        >
          {eventLabel(item.event)}
        </button>
        {count > 1 ? (
          <span style={{ ...badgeStyle('no plan'), marginLeft: 6 }}>×{count}</span>
        ) : null}
      </td>
      <td style={{ ...cellStyle, fontFamily: 'ui-monospace, monospace' }}>
        {keyProperties(item.event)}
      </td>
      <td style={cellStyle}>
        <span style={badgeStyle(item.status)}>{item.status}</span>
        {item.reasons.length ? (
          <div style={{ ...mutedStyle, marginTop: 2 }}>{item.reasons.join('; ')}</div>
        ) : null}
      </td>
    </tr>
  )
}

/** The selected event's details: its envelope as JSON, a test snippet to copy, whether its element can be outlined. */
function EventDetails({
  chosen,
  onSelect,
  onCopyTest,
}: { chosen: PanelEvent } & Pick<EventsTabProps, 'onSelect' | 'onCopyTest'>): ReactNode {
  return (
    <section
      aria-label="Event details"
      style={{
        flex: 2,
        overflow: 'auto',
        borderLeft: '1px solid rgba(128,128,128,0.3)',
        padding: 8,
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <strong>{eventLabel(chosen.event)}</strong>
        <span style={{ display: 'flex', gap: 6 }}>
          {onCopyTest ? (
            <button
              type="button"
              style={buttonStyle}
              onClick={() => onCopyTest(testSnippet(chosen.event))}
            >
              Copy as test
            </button>
          ) : null}
          <button type="button" style={buttonStyle} onClick={() => onSelect(null)}>
            Close details
          </button>
        </span>
      </div>
      <p style={mutedStyle}>
        {chosen.hasElement
          ? 'Its element is outlined on the page while it is on screen.'
          : 'No element to point at for this event.'}
      </p>
      {onCopyTest ? (
        <pre
          aria-label="Test snippet"
          style={{ fontSize: 11, whiteSpace: 'pre-wrap', margin: '0 0 8px' }}
        >
          {testSnippet(chosen.event)}
        </pre>
      ) : null}
      <pre style={{ fontSize: 11, whiteSpace: 'pre-wrap', margin: 0 }}>
        {JSON.stringify(chosen.event, null, 2)}
      </pre>
    </section>
  )
}

/** Filter, pause or resume, clear, export; how many events the session holds. */
function EventsToolbar({
  filter,
  onFilter,
  count,
  paused,
  onPause,
  onClear,
  onExport,
}: { filter: string; onFilter(filter: string): void; count: number } & Pick<
  EventsTabProps,
  'paused' | 'onPause' | 'onClear' | 'onExport'
>): ReactNode {
  return (
    <div
      role="toolbar"
      aria-label="Events"
      style={{ display: 'flex', gap: 8, padding: 8, alignItems: 'center', flexWrap: 'wrap' }}
    >
      <input
        aria-label="Filter events"
        placeholder="Filter by name, property, status"
        value={filter}
        onChange={(e) => onFilter(e.target.value)}
        style={inputStyle}
      />
      <button
        type="button"
        style={buttonStyle}
        aria-pressed={paused}
        onClick={() => onPause(!paused)}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" style={buttonStyle} onClick={onClear}>
        Clear
      </button>
      <button type="button" style={buttonStyle} onClick={() => onExport('json')}>
        Export JSON
      </button>
      <button type="button" style={buttonStyle} onClick={() => onExport('csv')}>
        Export CSV
      </button>
      <span style={mutedStyle}>
        {count} event{count === 1 ? '' : 's'}
        {paused ? ' · paused' : ''}
      </span>
    </div>
  )
}

/** Every event of the session, newest first: time, name, key properties, plan status; filter, pause, clear, details, export. */
export function EventsTab({
  events,
  paused,
  onPause,
  onClear,
  selected,
  onSelect,
  onExport,
  onHover,
  onCopyTest,
}: EventsTabProps): ReactNode {
  const [filter, setFilter] = useState('')
  const rows = useMemo(
    () => collapseRepeats(events.filter((e) => matches(e, filter))),
    [events, filter],
  )
  const chosen = selected ? events.find((e) => e.event.messageId === selected) : undefined
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <EventsToolbar
        filter={filter}
        onFilter={setFilter}
        count={events.length}
        paused={paused}
        onPause={onPause}
        onClear={onClear}
        onExport={onExport}
      />
      <div style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <div style={{ flex: 3, overflow: 'auto' }}>
          {rows.length === 0 ? (
            <p style={{ ...mutedStyle, padding: '0 10px' }}>
              {events.length
                ? 'No event matches the filter.'
                : 'No events yet: interact with the story.'}
            </p>
          ) : (
            <table style={tableStyle} aria-label="Tracked events">
              <TableHead columns={['Time', 'Event', 'Properties', 'Plan']} />
              <tbody>
                {rows.map(({ item, count }) => (
                  <EventRow
                    key={item.event.messageId}
                    item={item}
                    count={count}
                    selected={item.event.messageId === selected}
                    onSelect={onSelect}
                    onHover={onHover}
                  />
                ))}
              </tbody>
            </table>
          )}
        </div>
        {chosen ? (
          <EventDetails chosen={chosen} onSelect={onSelect} onCopyTest={onCopyTest} />
        ) : null}
      </div>
    </div>
  )
}
