// The in-app devtools panel: a lazy chunk, loaded on first open, rendered by its own React root
// in the devtools' shadow root (the app's CSS cannot reach it; it cannot reach the app's). The
// Events, Plan and Funnel tabs are the shared panel's components (src/panel); Delivery is the
// in-app host's own.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { TrackingPanel } from '../panel/components/TrackingPanel'
import { describePlan } from '../panel/model'
import { createOverlay } from '../panel/overlay/createOverlay'
import { drawOutline } from '../panel/overlay/drawOutline'
import { copyText, exportSession } from '../panel/session'
import { Delivery } from './Delivery'
import { Header } from './Header'
import { ResizeHandle } from './ResizeHandle'
import { readSettings, writeSettings, type Settings } from './settings'
import type { DevtoolsSnapshot, DevtoolsStore } from './store'

/** The panel docked at the bottom of the page, `height` tall; Escape closes it. */
function Dock({
  height,
  onClose,
  children,
}: {
  height: number
  onClose(): void
  children: ReactNode
}): ReactNode {
  return (
    <section
      role="dialog"
      aria-label="trackplan devtools"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose()
      }}
      style={{
        position: 'fixed',
        left: 0,
        right: 0,
        bottom: 0,
        height,
        zIndex: 2147483645,
        display: 'flex',
        flexDirection: 'column',
        background: '#fff',
        color: '#1f2328',
        font: '13px/1.4 system-ui, sans-serif',
        borderTop: '1px solid #d0d7de',
        boxShadow: '0 -4px 16px rgba(0,0,0,.12)',
      }}
    >
      {children}
    </section>
  )
}

/**
 * The outlines drawn in the shadow root: every tracked element's while `elements` is on (the
 * overlay), and the element of the event pointed at (the returned function; `null`: none).
 */
function useOutlines(
  store: DevtoolsStore,
  shadow: ShadowRoot,
  elements: boolean,
): (messageId: string | null) => void {
  const outline = useRef<HTMLDivElement | null>(null)
  const overlay = useMemo(() => createOverlay(store.state.registry, () => shadow), [store, shadow])
  useEffect(() => () => overlay.show(false), [overlay])
  useEffect(() => overlay.show(elements), [overlay, elements])
  return (messageId) => {
    outline.current?.remove()
    outline.current = null
    const element = messageId ? store.state.elementOf(messageId) : undefined
    if (element) outline.current = drawOutline(element, shadow, messageId!)
  }
}

/** The picked tracker (the first when the pick is gone), its events, and its plan as data. */
function usePicked(snapshot: DevtoolsSnapshot, index: number) {
  const current = snapshot.trackers[index] ? index : 0
  const entry = snapshot.trackers[current]
  const events = useMemo(
    () => snapshot.events.filter((e) => e.tracker === current),
    [snapshot.events, current],
  )
  const plan = useMemo(() => (entry?.plan ? describePlan(entry.plan) : null), [entry])
  return { current, events, plan }
}

/** The whole panel: the picked tracker's session in the shared `TrackingPanel`, plus Delivery. */
function Devtools({
  store,
  shadow,
  open,
  onClose,
}: {
  store: DevtoolsStore
  shadow: ShadowRoot
  open: boolean
  onClose(): void
}): ReactNode {
  const snapshot = useSyncExternalStore(store.subscribe, store.get)
  const [settings, setSettings] = useState<Settings>(() => readSettings(true))
  const [index, setIndex] = useState(() => store.get().home)
  const [selected, setSelected] = useState<string | null>(null)
  const [steps, setSteps] = useState<string[]>([])
  const [held, setHeld] = useState(false)
  const [elements, setElements] = useState(false)
  const [copied, setCopied] = useState('')
  const point = useOutlines(store, shadow, open && elements)

  const save = (next: Partial<Settings>): void => {
    const merged = { ...settings, ...next }
    setSettings(merged)
    writeSettings({ ...merged, open: readSettings(true).open })
  }
  const { current, events, plan } = usePicked(snapshot, index)
  const clear = (): void => {
    store.clear()
    setSelected(null)
  }
  const copyTest = (snippet: string): void =>
    void copyText(snippet).then((ok) =>
      setCopied(
        ok
          ? 'Copied a test snippet to the clipboard'
          : 'The clipboard refused: copy it from the details',
      ),
    )

  if (!open) return null
  return (
    <Dock height={settings.height} onClose={onClose}>
      <ResizeHandle height={settings.height} setSettings={setSettings} save={save} />
      <Header
        trackers={snapshot.trackers}
        current={current}
        onPick={setIndex}
        elements={elements}
        onElements={setElements}
        status={copied}
        onClose={onClose}
      />
      <div style={{ flex: 1, minHeight: 0 }}>
        <TrackingPanel
          events={events}
          plan={plan}
          paused={snapshot.paused}
          onPause={store.pause}
          onClear={clear}
          selected={selected}
          onSelect={setSelected}
          onHover={point}
          onCopyTest={copyTest}
          onExport={(format) => exportSession(format, events)}
          steps={steps}
          onSteps={setSteps}
          tab={settings.tab}
          onTab={(tab) => save({ tab })}
          extraTab={{
            name: 'Delivery',
            content: <Delivery store={store} index={current} held={held} onHold={setHeld} />,
          }}
        />
      </div>
    </Dock>
  )
}

/** Mounts the panel in the shadow root; `render(open)` shows or hides it. */
export function mountPanel(
  shadow: ShadowRoot,
  store: DevtoolsStore,
  onClose: () => void,
): { render(open: boolean): void; unmount(): void } {
  const container = document.createElement('div')
  shadow.append(container)
  const root = createRoot(container)
  return {
    render: (open) =>
      root.render(<Devtools store={store} shadow={shadow} open={open} onClose={onClose} />),
    unmount: () => {
      root.unmount()
      container.remove()
    },
  }
}
