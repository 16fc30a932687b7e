// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import type { ReactNode } from 'react'
import type { PanelEvent, PanelPlan } from '../types'
import { badgeStyle, cellStyle, mutedStyle, tableStyle } from './styles'
import { TableHead } from './TableHead'

export interface PlanTabProps {
  plan: PanelPlan | null
  events: readonly PanelEvent[]
}

/** The plan's events with description, owner, trigger and properties, and whether each fired in this session. */
export function PlanTab({ plan, events }: PlanTabProps): ReactNode {
  if (!plan) {
    return (
      <p style={{ padding: '0 10px' }}>
        No tracking plan for this story. Give one with <code>parameters.trackplan.plan</code>, or
        create the tracker with <code>{'{ plan }'}</code>.
      </p>
    )
  }
  const fired = new Map<string, number>()
  for (const e of events)
    if (e.event.type === 'track' && e.event.event)
      fired.set(e.event.event, (fired.get(e.event.event) ?? 0) + 1)
  const covered = plan.events.filter((e) => fired.has(e.name)).length
  return (
    <div style={{ overflow: 'auto', height: '100%' }}>
      <p style={{ padding: '0 10px' }}>
        <strong>
          {covered} of {plan.events.length}
        </strong>{' '}
        planned events fired in this session{plan.naming ? ` · naming: ${plan.naming}` : ''}
      </p>
      <table style={tableStyle} aria-label="Tracking plan">
        <TableHead columns={['Fired', 'Event', 'Description', 'Owner', 'Trigger', 'Properties']} />
        <tbody>
          {plan.events.map((e) => (
            <tr key={e.name}>
              <td style={cellStyle}>
                {fired.has(e.name) ? (
                  <span style={badgeStyle('valid')}>×{fired.get(e.name)}</span>
                ) : (
                  <span style={mutedStyle}>not yet</span>
                )}
              </td>
              <td style={{ ...cellStyle, fontWeight: 600 }}>{e.name}</td>
              <td style={cellStyle}>{e.description ?? ''}</td>
              <td style={cellStyle}>{e.owner ?? ''}</td>
              <td style={cellStyle}>{e.trigger ?? ''}</td>
              <td style={{ ...cellStyle, fontFamily: 'ui-monospace, monospace' }}>
                {e.properties.map((p) => (
                  <div key={p.name}>
                    {p.name}
                    {p.required ? '*' : ''}: {p.type}
                    {p.allowed ? ` (${p.allowed})` : ''}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
