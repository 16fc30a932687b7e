/** The addon's ids and channel events, in one place (as Storybook's own addons do). */
export const ADDON_ID = 'trackplan'
export const PANEL_ID = `${ADDON_ID}/panel`
export const PARAM_KEY = 'trackplan'

/** preview → manager: an envelope and what the tracker said of it. */
export const EVENT_TRACKED = `${ADDON_ID}/tracked`
/** preview → manager: the plan of the current story's trackers. */
export const PLAN_CHANGED = `${ADDON_ID}/plan`
/** manager → preview: outline the element an event came from (or none: `null`). */
export const SELECT_EVENT = `${ADDON_ID}/select`
/** preview → manager: a hook or component of the story ran outside any provider (its name). */
export const NO_PROVIDER = `${ADDON_ID}/no-provider`
/** The toolbar's "Show tracked elements" toggle: a Storybook global, so it survives story switches. */
export const ELEMENTS_GLOBAL = 'trackplanElements'
export const TOOL_ID = `${ADDON_ID}/elements`
