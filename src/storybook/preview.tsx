// The preview side of the addon: every tracker in the story reports to the Tracking panel.
import { useMemo, type ReactElement } from 'react'
import { addons } from 'storybook/preview-api'
import { createTracker } from '../core/createTracker'
import { DEVTOOLS_KEY, type DevtoolsHook } from '../core/devtools'
import type { PropertiesInput } from '../core/types'
import type { TrackingPlan } from '../plan/types'
import { TrackingProvider } from '../react/TrackingProvider'
import { describePlan, statusOf } from './components/format'
import { EVENT_TRACKED, PARAM_KEY, PLAN_CHANGED, SELECT_EVENT } from './constants'
import type { PanelEvent } from './types'

/** `parameters.trackplan`, per story or global. */
export interface TrackplanParameters {
  /** The plan events are checked against; the Plan and Funnel tabs list its events. */
  plan?: TrackingPlan
  /** Properties on every event of the story. */
  properties?: PropertiesInput
  /** `true`: no provider from the addon (the story's own trackers are still reported). */
  disable?: boolean
}

const elements = new Map<string, WeakRef<Element>>()
let lastTarget: Element | null = null
let outline: HTMLDivElement | null = null

function installHook(): void {
  const global = globalThis as { [DEVTOOLS_KEY]?: DevtoolsHook }
  if (global[DEVTOOLS_KEY] || typeof document === 'undefined') return
  const channel = addons.getChannel()

  // the element a user event came from: an event tracked while it is dispatched is tied to it
  for (const type of ['click', 'submit', 'input', 'change', 'keydown']) {
    document.addEventListener(
      type,
      (e) => {
        lastTarget = e.target instanceof Element ? e.target : null
        setTimeout(() => (lastTarget = null), 0)
      },
      true,
    )
  }

  channel.on(SELECT_EVENT, (messageId: string | null) => {
    outline?.remove()
    outline = null
    const element = messageId ? elements.get(messageId)?.deref() : undefined
    if (!element?.isConnected) return
    const rect = element.getBoundingClientRect()
    outline = document.createElement('div')
    outline.setAttribute('data-trackplan-outline', messageId!)
    Object.assign(outline.style, {
      position: 'absolute',
      top: `${rect.top + window.scrollY - 3}px`,
      left: `${rect.left + window.scrollX - 3}px`,
      width: `${rect.width + 6}px`,
      height: `${rect.height + 6}px`,
      outline: '3px solid #ff4785',
      borderRadius: '4px',
      pointerEvents: 'none',
      zIndex: '2147483647',
    })
    document.body.appendChild(outline)
  })

  global[DEVTOOLS_KEY] = {
    register(tracker, { plan }) {
      if (plan) channel.emit(PLAN_CHANGED, describePlan(plan))
      tracker.subscribe((event, info) => {
        const element = lastTarget
        if (element && element.isConnected) elements.set(event.messageId, new WeakRef(element))
        const { status, reasons } = statusOf(info, plan !== undefined)
        const payload: PanelEvent = {
          event: JSON.parse(JSON.stringify(event)),
          status,
          reasons,
          ...(info.dropped ? { dropped: info.dropped } : {}),
          hasElement: elements.has(event.messageId),
        }
        channel.emit(EVENT_TRACKED, payload)
      })
    },
    element(messageId, element) {
      elements.set(messageId, new WeakRef(element))
    },
  }
}

installHook()

type StoryFn = () => ReactElement
interface StoryContext {
  id: string
  parameters: { [PARAM_KEY]?: TrackplanParameters }
}

function WithTracking({ Story, context }: { Story: StoryFn; context: StoryContext }): ReactElement {
  const params = context.parameters[PARAM_KEY] ?? {}
  const tracker = useMemo(() => createTracker({ storage: 'memory', ...(params.plan ? { plan: params.plan } : {}) }), [context.id, params.plan])
  return (
    <TrackingProvider tracker={tracker} {...(params.properties ? { properties: params.properties } : {})}>
      <Story />
    </TrackingProvider>
  )
}

/** Wraps every story in a `TrackingProvider` whose tracker reports to the panel (unless `parameters.trackplan.disable`). */
export const decorators = [
  (Story: StoryFn, context: StoryContext): ReactElement =>
    context.parameters[PARAM_KEY]?.disable ? <Story /> : <WithTracking Story={Story} context={context} />,
]
