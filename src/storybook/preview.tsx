// The preview side of the addon: every tracker in the story reports to the Tracking panel.
import { useEffect, useMemo, type ReactElement } from 'react'
import { addons } from 'storybook/preview-api'
import { createTracker, type Tracker } from '../core/createTracker'
import type { PropertiesInput } from '../core/types'
import type { TrackingPlan } from '../plan/types'
import { TrackingProvider } from '../react/TrackingProvider'
import type { TrackingPlanLike } from '../react/types'
import { describePlan, panelEvent } from '../panel/model'
import {
  ELEMENTS_GLOBAL,
  EVENT_TRACKED,
  NO_PROVIDER,
  PARAM_KEY,
  PLAN_CHANGED,
  SELECT_EVENT,
} from './constants'
import { installDevtools } from '../devtools/hook'
import { createOverlay } from '../panel/overlay/createOverlay'
import { drawOutline } from '../panel/overlay/drawOutline'

/** `parameters.trackplan`, per story or global. */
export interface TrackplanParameters {
  /** The plan events are checked against; the Plan and Funnel tabs list its events. */
  plan?: TrackingPlan
  /** Properties on every event of the story. */
  properties?: PropertiesInput
  /**
   * The story's tracker, made once per story: e.g. a test tracker that play functions assert
   * on. Default: a memory tracker with `plan`. The addon's one provider gives it to the story.
   */
  tracker?: (story: { id: string }) => Tracker<TrackingPlanLike> | Tracker<never>
  /** `true`: no provider from the addon (the story's own trackers are still reported). */
  disable?: boolean
}

const devtools = typeof document === 'undefined' ? undefined : installDevtools()
const overlay = createOverlay(devtools?.registry ?? { mounted: new Map(), trackers: new WeakMap() })
let outline: HTMLDivElement | null = null
/** The callers that ran outside any provider, told to the panel once per story. */
const detached = new Set<string>()
let currentStory = ''

function outlineElement(messageId: string | null): void {
  outline?.remove()
  outline = null
  const element = messageId ? devtools?.elementOf(messageId) : undefined
  if (element) outline = drawOutline(element, document.body, messageId!)
}

// the channel is this host's: the panel in Storybook's manager hears what the page's devtools state hears
if (devtools) {
  const channel = addons.getChannel()
  channel.on(SELECT_EVENT, outlineElement)
  devtools.onTracker(({ tracker, plan }) => {
    if (plan) channel.emit(PLAN_CHANGED, describePlan(plan))
    tracker.subscribe((event, info) => {
      // a plain copy: it crosses the channel
      channel.emit(
        EVENT_TRACKED,
        panelEvent(
          JSON.parse(JSON.stringify(event)),
          info,
          plan !== undefined,
          devtools.elementOf(event.messageId) !== undefined,
        ),
      )
    })
  })
  devtools.onDetached((caller) => {
    if (detached.has(caller)) return
    detached.add(caller)
    channel.emit(NO_PROVIDER, { storyId: currentStory, caller })
  })
}

type StoryFn = () => ReactElement
interface StoryContext {
  id: string
  parameters: { [PARAM_KEY]?: TrackplanParameters }
  globals?: Record<string, unknown>
}

function WithTracking({ Story, context }: { Story: StoryFn; context: StoryContext }): ReactElement {
  const { plan, properties, tracker: makeTracker } = context.parameters[PARAM_KEY] ?? {}
  const tracker = useMemo(
    () =>
      makeTracker?.({ id: context.id }) ??
      createTracker({ storage: 'memory', ...(plan ? { plan } : {}) }),
    [context.id, plan, makeTracker],
  )
  return (
    <TrackingProvider tracker={tracker} {...(properties ? { properties } : {})}>
      <Story />
    </TrackingProvider>
  )
}

/** Follows the toolbar's "Show tracked elements" toggle (a global: it survives story switches). */
function WithOverlay({ Story, context }: { Story: StoryFn; context: StoryContext }): ReactElement {
  const on = context.globals?.[ELEMENTS_GLOBAL] === true
  useEffect(() => {
    overlay.show(on)
    if (on) overlay.refresh()
  })
  return <Story />
}

/**
 * Wraps every story in one `TrackingProvider` whose tracker reports to the panel (unless
 * `parameters.trackplan.disable`), and draws the "show tracked elements" overlay when on.
 */
export const decorators = [
  (Story: StoryFn, context: StoryContext): ReactElement => {
    // a new story: its callers outside a provider are told again
    if (currentStory !== context.id) {
      currentStory = context.id
      detached.clear()
    }
    return context.parameters[PARAM_KEY]?.disable ? (
      <Story />
    ) : (
      <WithTracking Story={Story} context={context} />
    )
  },
  (Story: StoryFn, context: StoryContext): ReactElement => (
    <WithOverlay Story={Story} context={context} />
  ),
]

/** The toggle's initial value: off. */
export const initialGlobals = { [ELEMENTS_GLOBAL]: false }
