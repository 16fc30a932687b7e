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

/** The tab buttons; arrow keys move between them, as in a WAI-ARIA tab list. */
function TabList({
  tabs,
  tab,
  onTab,
  eventCount,
}: {
  tabs: readonly string[]
  tab: string
  onTab(tab: string): void
  eventCount: number
}): ReactNode {
  const buttons = useRef<(HTMLButtonElement | null)[]>([])
  const onKeyDown = (e: KeyboardEvent) => {
    const i = tabs.indexOf(tab)
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (i + tabs.length - 1) % tabs.length
          : -1
    if (next < 0) return
    e.preventDefault()
    onTab(tabs[next]!)
    buttons.current[next]?.focus()
  }
  return (
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
      {tabs.map((name, i) => (
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
          onClick={() => onTab(name)}
          style={{
            ...buttonStyle,
            fontWeight: tab === name ? 700 : 400,
            background: tab === name ? 'rgba(30,167,253,0.2)' : buttonStyle.background,
          }}
        >
          {name}
          {name === 'Events' ? ` (${eventCount})` : ''}
        </button>
      ))}
    </div>
  )
}

/** Says that nothing was tracked, naming the hooks or components that ran outside any provider. */
function DetachedNotice({ callers }: { callers: readonly string[] }): ReactNode {
  return (
    <div
      role="status"
      style={{
        padding: '6px 10px',
        background: 'rgba(219,129,0,0.18)',
        borderBottom: '1px solid rgba(219,129,0,0.4)',
      }}
    >
      <strong>No TrackingProvider: nothing was tracked.</strong>{' '}
      {callers.map((c) => `\`${c}\``).join(', ')} ran outside
      {' <TrackingProvider>'}; wrap the story in one, or remove{' '}
      <code>parameters.trackplan.disable</code>.
    </div>
  )
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
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', fontSize: 13 }}>
      <TabList tabs={TABS} tab={tab} onTab={setTab} eventCount={props.events.length} />
      {props.detached?.length ? <DetachedNotice callers={props.detached} /> : null}
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
