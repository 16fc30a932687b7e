// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import { useState, type ReactNode } from 'react'
import { funnel, type FunnelStep } from '../../core/funnel'
import type { PanelEvent, PanelPlan } from '../types'
import { buttonStyle, cellStyle, inputStyle, mutedStyle } from './styles'

export interface FunnelTabProps {
  plan: PanelPlan | null
  events: readonly PanelEvent[]
  steps: readonly string[]
  onSteps(steps: string[]): void
}

const percent = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)} %`)

/** Adds a step (from the plan, or the names seen) at the end; resets the funnel. */
function StepPicker({
  names,
  steps,
  onSteps,
}: { names: readonly string[] } & Pick<FunnelTabProps, 'steps' | 'onSteps'>): ReactNode {
  const [choice, setChoice] = useState('')
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 12 }}>
      <select
        aria-label="Funnel step to add"
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
        style={inputStyle}
      >
        <option value="">Choose an event…</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <button
        type="button"
        style={buttonStyle}
        disabled={!choice}
        onClick={() => {
          onSteps([...steps, choice])
          setChoice('')
        }}
      >
        Add step
      </button>
      {steps.length ? (
        <button type="button" style={buttonStyle} onClick={() => onSteps([])}>
          Reset funnel
        </button>
      ) : null}
    </div>
  )
}

/** One step of the funnel: its count and conversion, buttons to move or remove it, its bar. */
function StepRow({
  result: r,
  index: i,
  last,
  top,
  onMove,
  onRemove,
}: {
  result: FunnelStep
  index: number
  last: boolean
  /** The largest count: a full bar. */
  top: number
  onMove(by: number): void
  onRemove(): void
}): ReactNode {
  return (
    <li
      aria-label={`${r.step}: ${r.count}, ${percent(r.fromPrevious)} from previous, ${percent(r.fromFirst)} from first`}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <strong>
          {i + 1}. {r.step}
        </strong>
        <span>
          {r.count} · {percent(r.fromPrevious)} from previous · {percent(r.fromFirst)} from first{' '}
          <button
            type="button"
            style={buttonStyle}
            aria-label={`Move ${r.step} up`}
            disabled={i === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </button>{' '}
          <button
            type="button"
            style={buttonStyle}
            aria-label={`Move ${r.step} down`}
            disabled={last}
            onClick={() => onMove(1)}
          >
            ↓
          </button>{' '}
          <button
            type="button"
            style={buttonStyle}
            aria-label={`Remove ${r.step}`}
            onClick={onRemove}
          >
            ✕
          </button>
        </span>
      </div>
      <div
        style={{
          ...cellStyle,
          padding: 0,
          border: 'none',
          height: 14,
          background: 'rgba(128,128,128,0.15)',
          borderRadius: 3,
        }}
      >
        <div
          style={{
            width: `${(r.count / top) * 100}%`,
            height: '100%',
            background: 'rgba(30,167,253,0.75)',
            borderRadius: 3,
          }}
        />
      </div>
    </li>
  )
}

/** Pick ordered steps (from the plan, or the names seen); bars show journeys and conversion, from `funnel()`. */
export function FunnelTab({ plan, events, steps, onSteps }: FunnelTabProps): ReactNode {
  const seen = events
    .filter((e) => e.event.type === 'track' && e.event.event)
    .map((e) => e.event.event!)
  const names = [...new Set([...(plan?.events.map((e) => e.name) ?? []), ...seen])].filter(
    (n) => !steps.includes(n),
  )
  const result = funnel(
    events.map((e) => e.event),
    steps,
  )
  const top = Math.max(1, ...result.map((r) => r.count))
  const move = (i: number, by: number) => {
    const next = [...steps]
    const [step] = next.splice(i, 1)
    next.splice(i + by, 0, step!)
    onSteps(next)
  }
  return (
    <div style={{ padding: 8, overflow: 'auto', height: '100%' }}>
      <StepPicker names={names} steps={steps} onSteps={onSteps} />
      {steps.length === 0 ? (
        <p style={mutedStyle}>
          Add steps in order, e.g. Added to Cart → Started Checkout → Completed Purchase.
        </p>
      ) : null}
      <ol
        aria-label="Funnel"
        style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 10 }}
      >
        {result.map((r, i) => (
          <StepRow
            key={r.step}
            result={r}
            index={i}
            last={i === steps.length - 1}
            top={top}
            onMove={(by) => move(i, by)}
            onRemove={() => onSteps(steps.filter((s) => s !== r.step))}
          />
        ))}
      </ol>
    </div>
  )
}
