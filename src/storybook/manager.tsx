// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
// The manager side of the addon: registers the Tracking panel and records the session.
import { addons, types } from 'storybook/manager-api'
import { AddonPanel } from 'storybook/internal/components'
import { ADDON_ID, EVENT_TRACKED, PANEL_ID, PLAN_CHANGED } from './constants'
import { Panel } from './containers/Panel'
import { session } from './containers/store'
import type { PanelEvent, PanelPlan } from './types'

addons.register(ADDON_ID, (api) => {
  // listen from registration on, not from when the panel first shows: nothing is missed
  // Storybook's channel revives ISO strings as Dates: the envelope gets its string back
  api.on(EVENT_TRACKED, (item: PanelEvent) =>
    session.add({ ...item, event: { ...item.event, timestamp: new Date(item.event.timestamp).toISOString() } }),
  )
  api.on(PLAN_CHANGED, (plan: PanelPlan | null) => {
    if (plan) session.plan(plan)
  })
  addons.add(PANEL_ID, {
    type: types.PANEL,
    title: () => {
      const count = session.get().events.length
      return count ? `Tracking (${count})` : 'Tracking'
    },
    match: ({ viewMode }) => viewMode === 'story',
    render: ({ active }) => (
      <AddonPanel active={active ?? false}>
        <Panel />
      </AddonPanel>
    ),
  })
})
