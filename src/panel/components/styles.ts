import type { CSSProperties } from 'react'

// Colours come from the surrounding theme (`currentColor`, translucent fills), so the panel
// reads well in Storybook's light and dark themes alike.
export const tableStyle: CSSProperties = { width: '100%', borderCollapse: 'collapse', fontSize: 12 }
export const cellStyle: CSSProperties = {
  padding: '6px 10px',
  borderBottom: '1px solid rgba(128,128,128,0.2)',
  textAlign: 'left',
  verticalAlign: 'top',
}
export const mutedStyle: CSSProperties = { opacity: 0.65 }
export const buttonStyle: CSSProperties = {
  font: 'inherit',
  fontSize: 12,
  color: 'inherit',
  background: 'rgba(128,128,128,0.12)',
  border: '1px solid rgba(128,128,128,0.35)',
  borderRadius: 4,
  padding: '3px 8px',
  cursor: 'pointer',
}
export const inputStyle: CSSProperties = {
  ...buttonStyle,
  cursor: 'text',
  background: 'transparent',
  minWidth: 180,
}

const BADGE: Record<string, string> = {
  valid: 'rgba(46,160,67,0.25)',
  violation: 'rgba(219,129,0,0.3)',
  unplanned: 'rgba(130,80,223,0.3)',
  dropped: 'rgba(207,34,46,0.3)',
  'no plan': 'rgba(128,128,128,0.25)',
}
export const badgeStyle = (status: string): CSSProperties => ({
  display: 'inline-block',
  padding: '1px 6px',
  borderRadius: 10,
  fontSize: 11,
  background: BADGE[status] ?? BADGE['no plan'],
  whiteSpace: 'nowrap',
})
