import { version } from 'react'

/**
 * React 19 or later, from the copy of React the app runs: it passes `ref` as a prop and runs
 * function form actions; React 18 does neither.
 */
export const isReact19 = Number.parseInt(version, 10) >= 19
