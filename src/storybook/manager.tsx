// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import { useCallback, useEffect, useSyncExternalStore, type ReactNode } from 'react'
// The manager side of the addon: registers the Tracking panel and records the session.
import { addons, types, useGlobals, useStorybookApi } from 'storybook/manager-api'
import { AddonPanel, ToggleButton } from 'storybook/internal/components'
import {
  ADDON_ID,
  ELEMENTS_GLOBAL,
  EVENT_TRACKED,
  NO_PROVIDER,
  PANEL_ID,
  PLAN_CHANGED,
  TOOL_ID,
} from './constants'
import { Panel } from './containers/Panel'
import { session } from './containers/store'
import type { PanelEvent, PanelPlan } from '../panel/types'

/** The tab's title: a live count of the log (a component, so it updates with the store, not with the manager). */
function Title(): ReactNode {
  const count = useSyncExternalStore(session.subscribe, () => session.get().events.length)
  return count ? `Tracking (${count})` : 'Tracking'
}

/** The toolbar toggle (and its shortcut, ⌥E) for "Show tracked elements". */
function ElementsToggle(): ReactNode {
  const [globals, updateGlobals] = useGlobals()
  const api = useStorybookApi()
  const on = globals[ELEMENTS_GLOBAL] === true
  const toggle = useCallback(() => updateGlobals({ [ELEMENTS_GLOBAL]: !on }), [on, updateGlobals])
  useEffect(() => {
    api.setAddonShortcut(ADDON_ID, {
      label: 'Show tracked elements',
      defaultShortcut: ['alt', 'E'],
      actionName: 'trackedElements',
      showInMenu: false,
      action: toggle,
    })
  }, [api, toggle])
  return (
    <ToggleButton
      key="trackplan-elements"
      padding="small"
      variant="ghost"
      pressed={on}
      ariaLabel="Show tracked elements"
      tooltip="Show tracked elements (⌥E)"
      onClick={toggle}
    >
      <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
        <rect
          x="1"
          y="3"
          width="9"
          height="7"
          rx="1.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          strokeDasharray="2 1.5"
        />
        <circle cx="11" cy="3" r="2.4" fill="currentColor" />
      </svg>
    </ToggleButton>
  )
}

addons.register(ADDON_ID, (api) => {
  // listen from registration on, not from when the panel first shows: nothing is missed
  // Storybook's channel revives ISO strings as Dates: the envelope gets its string back
  api.on(EVENT_TRACKED, (item: PanelEvent) =>
    session.add({
      ...item,
      event: { ...item.event, timestamp: new Date(item.event.timestamp).toISOString() },
    }),
  )
  api.on(PLAN_CHANGED, (plan: PanelPlan | null) => {
    if (plan) session.plan(plan)
  })
  api.on(NO_PROVIDER, ({ storyId, caller }: { storyId: string; caller: string }) =>
    session.detached(storyId, caller),
  )
  addons.add(PANEL_ID, {
    type: types.PANEL,
    title: () => <Title />,
    match: ({ viewMode }) => viewMode === 'story',
    render: ({ active }) => (
      <AddonPanel active={active ?? false}>
        <Panel />
      </AddonPanel>
    ),
  })
  addons.add(TOOL_ID, {
    type: types.TOOL,
    title: 'Show tracked elements',
    match: ({ viewMode, tabId }) => viewMode === 'story' && !tabId,
    render: () => <ElementsToggle />,
  })
})
