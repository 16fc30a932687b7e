// The in-app devtools panel: a lazy chunk, loaded on first open, rendered by its own React root
// in the devtools' shadow root (the app's CSS cannot reach it; it cannot reach the app's). The
// Events, Plan and Funnel tabs are the Storybook panel's own components; Delivery is new.
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type Dispatch,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
  type SetStateAction,
} from 'react'
import { createRoot } from 'react-dom/client'
import type { ConsentState } from '../core/types'
import { DeliveryTab, type DeliveryView } from '../panel/components/DeliveryTab'
import { describePlan } from '../panel/model'
import { buttonStyle } from '../panel/components/styles'
import { TrackingPanel } from '../panel/components/TrackingPanel'
import { copyText, exportSession } from '../panel/session'
import { createOverlay } from '../panel/overlay/createOverlay'
import { drawOutline } from '../panel/overlay/drawOutline'
import { readSettings, writeSettings, type Settings } from './settings'
import type { DevtoolsSnapshot, DevtoolsStore } from './store'

const MIN_HEIGHT = 160
/** How often the Delivery tab asks the sinks what they hold (only while it is shown). */
const DELIVERY_REFRESH_MS = 500

function Delivery({
  store,
  index,
  held,
  onHold,
}: {
  store: DevtoolsStore
  index: number
  held: boolean
  onHold(paused: boolean): void
}): ReactNode {
  const entry = store.get().trackers[index]
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), DELIVERY_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  if (!entry) return null
  const { tracker, sinks } = entry
  const view: DeliveryView = {
    consent: tracker.getConsent(),
    anonymousId: tracker.anonymousId,
    userId: tracker.userId,
    stats: tracker.stats(),
    sinks: sinks.map((sink) => ({
      name: sink.name,
      ...(sink.inspect ? { inspection: sink.inspect() } : {}),
    })),
    paused: held,
  }
  return (
    <DeliveryTab
      view={view}
      now={now}
      onFlush={() => void tracker.flush()}
      onPause={(paused) => {
        for (const sink of sinks) sink.pause?.(paused)
        onHold(paused)
      }}
      onConsent={(state: ConsentState) => {
        tracker.setConsent(state)
        setNow(Date.now())
      }}
    />
  )
}

/** The panel's top edge: dragged (or ArrowUp / ArrowDown) to resize; the height is saved when the drag ends. */
function ResizeHandle({
  height,
  setSettings,
  save,
}: {
  height: number
  setSettings: Dispatch<SetStateAction<Settings>>
  save(next: Partial<Settings>): void
}): ReactNode {
  const startResize = (e: ReactPointerEvent): void => {
    e.preventDefault()
    const startY = e.clientY
    const move = (m: PointerEvent): void =>
      setSettings((s) => ({
        ...s,
        height: Math.max(MIN_HEIGHT, Math.min(innerHeight - 40, height + startY - m.clientY)),
      }))
    const up = (): void => {
      removeEventListener('pointermove', move)
      removeEventListener('pointerup', up)
      setSettings((s) => {
        writeSettings({ ...s, open: true })
        return s
      })
    }
    addEventListener('pointermove', move)
    addEventListener('pointerup', up)
  }
  return (
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the devtools"
      tabIndex={0}
      onPointerDown={startResize}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault()
          save({ height: Math.max(MIN_HEIGHT, height + (e.key === 'ArrowUp' ? 24 : -24)) })
        }
      }}
      style={{ height: 6, cursor: 'ns-resize', background: 'rgba(128,128,128,0.15)' }}
    />
  )
}

interface HeaderProps {
  trackers: DevtoolsSnapshot['trackers']
  current: number
  onPick(index: number): void
  elements: boolean
  onElements(show: boolean): void
  status: string
  onClose(): void
}

/** The panel's header: the tracker picked (when there are several), the tracked elements' outlines, a status line, Close. */
function Header({
  trackers,
  current,
  onPick,
  elements,
  onElements,
  status,
  onClose,
}: HeaderProps): ReactNode {
  return (
    <header
      style={{
        display: 'flex',
        gap: 8,
        alignItems: 'center',
        padding: '4px 8px',
        borderBottom: '1px solid rgba(128,128,128,0.3)',
      }}
    >
      <strong>trackplan</strong>
      {trackers.length > 1 ? (
        <select
          aria-label="Tracker"
          value={current}
          onChange={(e) => onPick(Number(e.target.value))}
          style={buttonStyle}
        >
          {trackers.map((t, i) => (
            <option key={i} value={i}>
              {t.label}
              {t.plan ? ` (${Object.keys(t.plan.events).length} planned events)` : ''}
            </option>
          ))}
        </select>
      ) : null}
      <button
        type="button"
        aria-pressed={elements}
        onClick={() => onElements(!elements)}
        style={buttonStyle}
      >
        Show tracked elements
      </button>
      <span role="status" style={{ opacity: 0.7 }}>
        {status}
      </span>
      <span style={{ flex: 1 }} />
      <button
        type="button"
        aria-label="Close trackplan devtools"
        onClick={onClose}
        style={buttonStyle}
      >
        Close
      </button>
    </header>
  )
}

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
  const outline = useRef<HTMLDivElement | null>(null)
  const overlay = useMemo(() => createOverlay(store.state.registry, () => shadow), [store, shadow])
  useEffect(() => () => overlay.show(false), [overlay])
  useEffect(() => overlay.show(open && elements), [overlay, open, elements])

  const save = (next: Partial<Settings>): void => {
    const merged = { ...settings, ...next }
    setSettings(merged)
    writeSettings({ ...merged, open: readSettings(true).open })
  }
  // the picked tracker, or the first when the pick is gone
  const current = snapshot.trackers[index] ? index : 0
  const entry = snapshot.trackers[current]
  const events = useMemo(
    () => snapshot.events.filter((e) => e.tracker === current),
    [snapshot.events, current],
  )
  const plan = useMemo(() => (entry?.plan ? describePlan(entry.plan) : null), [entry])

  const clear = (): void => {
    store.clear()
    setSelected(null)
  }
  const point = (messageId: string | null): void => {
    outline.current?.remove()
    outline.current = null
    const element = messageId ? store.state.elementOf(messageId) : undefined
    if (element) outline.current = drawOutline(element, shadow, messageId!)
  }

  if (!open) return null
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
        height: settings.height,
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
          onCopyTest={(snippet) =>
            void copyText(snippet).then((ok) =>
              setCopied(
                ok
                  ? 'Copied a test snippet to the clipboard'
                  : 'The clipboard refused: copy it from the details',
              ),
            )
          }
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
    </section>
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
