// React in scope: Storybook's manager builder compiles JSX from source with the classic runtime
import React from 'react'
import type { ReactNode } from 'react'
import { cellStyle } from './styles'

/** A panel table's header row, one cell per column name. */
export function TableHead({ columns }: { columns: readonly string[] }): ReactNode {
  return (
    <thead>
      <tr>
        {columns.map((name) => (
          <th key={name} style={cellStyle}>
            {name}
          </th>
        ))}
      </tr>
    </thead>
  )
}
