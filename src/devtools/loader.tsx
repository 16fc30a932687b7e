// The part of the devtools that is in the app's bundle (development only, unless
// trackplan/devtools/production): a shadow root with a floating toggle, and the store
// listening from mount. The panel is a lazy chunk, loaded on first open by the `import()` the
// entry passes in: this module names no panel, so a build that drops the loader drops every
// trace of the panel with it.
import { useContext, useEffect } from 'react'
import type { TrackingPlan } from '../plan/types'
import { ScopeContext } from '../react/contexts'
import { installDevtools } from './hook'
import { isolate } from './isolate'
import { readSettings, writeSettings } from './settings'
import { createStore } from './store'

export type DevtoolsPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left'

export interface TrackplanDevtoolsProps {
  /** Open on the first visit (afterwards, open or closed is remembered). Default `false`. */
  initialIsOpen?: boolean
  /** Where the toggle floats. Default `'bottom-right'`. */
  position?: DevtoolsPosition
  /** The plan, for the Plan tab, when the provider's tracker was created before trackplan/devtools was imported. */
  plan?: TrackingPlan
}

/** Alt+Shift+T opens and closes the panel. */
export const isShortcut = (e: KeyboardEvent): boolean => e.altKey && e.shiftKey && e.code === 'KeyT'

const CORNERS: Record<DevtoolsPosition, string> = {
  'bottom-right': 'bottom:12px;right:12px',
  'bottom-left': 'bottom:12px;left:12px',
  'top-right': 'top:12px;right:12px',
  'top-left': 'top:12px;left:12px',
}

/**
 * The shadow host takes no part in the app's layout: out of flow (a flex or grid body gives it
 * no place and no gap), zero-sized, and beyond the reach of the app's stylesheets (`all:
 * initial`, inline and important: `body > div { … }` changes nothing). Absolute, not fixed, at
 * the page's origin: the outlines drawn inside are in page coordinates and scroll with the page.
 * Its z-index stays `auto`, so the fixed toggle and panel inside stack over the page themselves.
 */
const HOST_STYLE = ['all:initial', 'position:absolute', 'top:0', 'left:0', 'width:0', 'height:0']
  .map((declaration) => `${declaration}!important`)
  .join(';')

/** Loads the panel's lazy chunk: an entry's own `import('./panel')`. */
export type LoadPanel = () => Promise<typeof import('./panel')>

/**
 * The `TrackplanDevtools` component, loading the panel with `loadPanel` on first open. It
 * renders nothing in the app's tree: the devtools live in their own shadow root on
 * `document.body`.
 */
export function devtoolsLoader(loadPanel: LoadPanel): (props: TrackplanDevtoolsProps) => null {
  return function TrackplanDevtools(props) {
    useDevtools(loadPanel, props)
    return null
  }
}

function useDevtools(
  loadPanel: LoadPanel,
  { initialIsOpen = false, position = 'bottom-right', plan }: TrackplanDevtoolsProps,
): void {
  const tracker = useContext(ScopeContext)?.tracker
  useEffect(() => {
    const store = createStore(installDevtools(), tracker, plan)
    const host = document.createElement('div')
    host.setAttribute('data-trackplan-devtools', '')
    host.setAttribute('style', HOST_STYLE)
    document.body.append(host)
    const shadow = host.attachShadow({ mode: 'open' })
    const toggle = document.createElement('button')
    toggle.type = 'button'
    toggle.textContent = 'trackplan'
    toggle.setAttribute('aria-label', 'Open trackplan devtools')
    toggle.setAttribute('aria-expanded', 'false')
    toggle.setAttribute(
      'style',
      `position:fixed;${CORNERS[position]};z-index:2147483646;font:600 12px/1 system-ui,sans-serif;padding:8px 12px;border-radius:16px;border:1px solid #4f46e5;background:#4f46e5;color:#fff;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25)`,
    )
    shadow.append(toggle)

    let panel: Promise<{ render(open: boolean): void; unmount(): void }> | undefined
    let stopped = false
    const show = (open: boolean): void => {
      writeSettings({ ...readSettings(initialIsOpen), open })
      toggle.style.display = open ? 'none' : ''
      toggle.setAttribute('aria-expanded', String(open))
      if (!open && !panel) return
      panel ??= loadPanel().then((m) => m.mountPanel(shadow, store, () => show(false)))
      void panel.then((p) => (stopped ? undefined : p.render(open)))
    }
    toggle.addEventListener('click', () => show(true))
    // every keydown, at `window` in the capture phase: before the app's document listeners
    const onKey = (e: KeyboardEvent, inside: boolean): void => {
      if (isShortcut(e)) {
        e.preventDefault()
        show(!readSettings(initialIsOpen).open)
      } else if (inside && e.key === 'Escape') {
        // an app's modal hears Escape on the document in the capture phase, before the panel
        e.stopPropagation()
        if (readSettings(initialIsOpen).open) show(false)
      }
    }
    const unisolate = isolate(host, shadow, onKey)
    if (readSettings(initialIsOpen).open) show(true)
    return () => {
      stopped = true
      unisolate()
      void panel?.then((p) => p.unmount())
      store.stop()
      host.remove()
    }
  }, [loadPanel, tracker, initialIsOpen, position, plan])
}
