// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import { useState, useSyncExternalStore, type ReactNode } from 'react'
import { useChannel, useStorybookState } from 'storybook/manager-api'
import { useTheme } from 'storybook/theming'
import { TrackingPanel } from '../../panel/components/TrackingPanel'
import { SELECT_EVENT } from '../constants'
import { copyText, exportSession } from '../../panel/session'
import { session } from './store'

/** The panel's container: the session store and the channel; the view is `TrackingPanel`. */
export function Panel(): ReactNode {
  const state = useSyncExternalStore(session.subscribe, session.get)
  const [selected, setSelected] = useState<string | null>(null)
  const emit = useChannel({})
  const { storyId } = useStorybookState()
  const theme = useTheme() as {
    color?: { defaultText?: string }
    background?: { content?: string }
  }
  const select = (id: string | null) => {
    setSelected(id)
    emit(SELECT_EVENT, id)
  }
  const clear = () => {
    session.clear()
    select(null)
  }
  return (
    <div
      style={{
        height: '100%',
        color: theme.color?.defaultText,
        background: theme.background?.content,
      }}
    >
      <TrackingPanel
        events={state.events}
        plan={state.plan}
        paused={state.paused}
        onPause={session.pause}
        onClear={clear}
        selected={selected}
        onSelect={select}
        onExport={(format) => exportSession(format, state.events)}
        onCopyTest={(snippet) => void copyText(snippet)}
        steps={state.steps}
        onSteps={session.steps}
        detached={state.detached.filter((d) => d.storyId === storyId).map((d) => d.caller)}
      />
    </div>
  )
}
