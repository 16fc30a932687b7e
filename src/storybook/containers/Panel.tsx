// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import { useState, useSyncExternalStore, type ReactNode } from 'react'
import { useChannel, useStorybookState } from 'storybook/manager-api'
import { useTheme } from 'storybook/theming'
import { TrackingPanel } from '../components/TrackingPanel'
import { sessionCsv, sessionJson } from '../components/format'
import { SELECT_EVENT } from '../constants'
import { session } from './store'

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** The panel's container: the session store and the channel; the view is `TrackingPanel`. */
export function Panel(): ReactNode {
  const state = useSyncExternalStore(session.subscribe, session.get)
  const [selected, setSelected] = useState<string | null>(null)
  const emit = useChannel({})
  const { storyId } = useStorybookState()
  const theme = useTheme() as { color?: { defaultText?: string }; background?: { content?: string } }
  const select = (id: string | null) => {
    setSelected(id)
    emit(SELECT_EVENT, id)
  }
  return (
    <div style={{ height: '100%', color: theme.color?.defaultText, background: theme.background?.content }}>
      <TrackingPanel
        events={state.events}
        plan={state.plan}
        paused={state.paused}
        onPause={session.pause}
        onClear={() => {
          session.clear()
          select(null)
        }}
        selected={selected}
        onSelect={select}
        onExport={(format) =>
          format === 'json'
            ? download('trackplan-session.json', 'application/json', sessionJson(state.events))
            : download('trackplan-session.csv', 'text/csv', sessionCsv(state.events))
        }
        steps={state.steps}
        onSteps={session.steps}
        detached={state.detached.filter((d) => d.storyId === storyId).map((d) => d.caller)}
      />
    </div>
  )
}
