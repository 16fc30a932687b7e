// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { PanelPlan } from '../types'
import { EventsTab, type EventsTabProps } from './EventsTab'
import { FunnelTab } from './FunnelTab'
import { PlanTab } from './PlanTab'
import { buttonStyle } from './styles'

export interface TrackingPanelProps extends EventsTabProps {
  plan: PanelPlan | null
  steps: readonly string[]
  onSteps(steps: string[]): void
  /** Hooks or components of the story that ran outside any provider: nothing they did was tracked. */
  detached?: readonly string[]
  /** A host's own tab after the three (the in-app devtools' Delivery). */
  extraTab?: { name: string; content: ReactNode }
  /** The open tab, when the host keeps it (e.g. remembered across reloads). */
  tab?: string
  onTab?(tab: string): void
}

/** The Tracking panel: Events, Plan and Funnel tabs. Pure: everything comes in as props. */
export function TrackingPanel(props: TrackingPanelProps): ReactNode {
  const TABS = props.extraTab
    ? ['Events', 'Plan', 'Funnel', props.extraTab.name]
    : ['Events', 'Plan', 'Funnel']
  const [own, setOwn] = useState('Events')
  const tab = TABS.includes(props.tab ?? own) ? (props.tab ?? own) : 'Events'
  const setTab = (next: string): void => {
    setOwn(next)
    props.onTab?.(next)
  }
  const buttons = useRef<(HTMLButtonElement | null)[]>([])
  // arrow keys move between tabs, as in a WAI-ARIA tab list
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab)
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i + TABS.length - 1) % TABS.length
          : -1
    if (next < 0) return
    e.preventDefault()
    setTab(TABS[next]!)
    buttons.current[next]?.focus()
  }
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', fontSize: 13 }}>
      <div
        role="tablist"
        aria-label="Tracking"
        onKeyDown={onKeyDown}
        style={{
          display: 'flex',
          gap: 4,
          padding: '6px 8px',
          borderBottom: '1px solid rgba(128,128,128,0.3)',
        }}
      >
        {TABS.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              buttons.current[i] = el
            }}
            type="button"
            role="tab"
            id={`trackplan-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`trackplan-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            style={{
              ...buttonStyle,
              fontWeight: tab === name ? 700 : 400,
              background: tab === name ? 'rgba(30,167,253,0.2)' : buttonStyle.background,
            }}
          >
            {name}
            {name === 'Events' ? ` (${props.events.length})` : ''}
          </button>
        ))}
      </div>
      {props.detached?.length ? (
        <div
          role="status"
          style={{
            padding: '6px 10px',
            background: 'rgba(219,129,0,0.18)',
            borderBottom: '1px solid rgba(219,129,0,0.4)',
          }}
        >
          <strong>No TrackingProvider: nothing was tracked.</strong>{' '}
          {props.detached.map((c) => `\`${c}\``).join(', ')} ran outside
          {' <TrackingProvider>'}; wrap the story in one, or remove{' '}
          <code>parameters.trackplan.disable</code>.
        </div>
      ) : null}
      <div
        role="tabpanel"
        id={`trackplan-panel-${tab}`}
        aria-labelledby={`trackplan-tab-${tab}`}
        style={{ flex: 1, minHeight: 0 }}
      >
        {tab === 'Events' ? (
          <EventsTab
            events={props.events}
            paused={props.paused}
            onPause={props.onPause}
            onClear={props.onClear}
            selected={props.selected}
            onSelect={props.onSelect}
            onExport={props.onExport}
            {...(props.onHover ? { onHover: props.onHover } : {})}
            {...(props.onCopyTest ? { onCopyTest: props.onCopyTest } : {})}
          />
        ) : tab === 'Plan' ? (
          <PlanTab plan={props.plan} events={props.events} />
        ) : tab === 'Funnel' ? (
          <FunnelTab
            plan={props.plan}
            events={props.events}
            steps={props.steps}
            onSteps={props.onSteps}
          />
        ) : (
          props.extraTab?.content
        )}
      </div>
    </div>
  )
}
