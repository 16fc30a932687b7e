import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Project } from './detectProject'

/**
 * The starter plan, with the `Register` augmentation in TypeScript. Its comment's commands name
 * the plan's `file` (from the project's folder): `check` and `export` take one.
 */
export const starterPlan = (
  typescript: boolean,
  file: string,
): string => `import { builtInEvents, defineTrackingPlan } from 'trackplan/core'

// Your tracking plan: every event the app tracks, its properties and what they mean.
// \`npx trackplan check ${file}\` lints it;
// \`npx trackplan export ${file} --format csv > tracking-plan.csv\` makes the spreadsheet.
export const plan = defineTrackingPlan({
  naming: 'verb-noun',
  events: {
    ...builtInEvents,
    'Viewed Home': { description: 'The home page was shown', owner: 'product' },
    'Clicked Get Started': {
      description: 'The main call to action was clicked',
      properties: { placement: { type: 'string', enum: ['hero', 'footer'], required: true } },
    },
  },
})
${
  typescript
    ? `
declare module 'trackplan/core' {
  interface Register {
    plan: typeof plan
  }
}
`
    : ''
}`

/** How the starter tracker tells development from production, in the project's own terms. */
export function developmentCheck(cwd: string, project: Project): string | undefined {
  if (project.framework === 'next') return "process.env.NODE_ENV !== 'production'"
  const viteTypes =
    existsSync(join(cwd, 'src/vite-env.d.ts')) ||
    ['tsconfig.json', 'tsconfig.app.json'].some(
      (f) => existsSync(join(cwd, f)) && readFileSync(join(cwd, f), 'utf8').includes('vite/client'),
    )
  if (project.framework === 'vite' && (viteTypes || !project.typescript))
    return 'import.meta.env.DEV'
  return undefined
}

/** The starter tracker: the console sink in development (when it can tell), else always. */
export const starterTracker = (
  development: string | undefined,
): string => `import { consoleSink, createTracker } from 'trackplan/core'
import { plan } from './tracking-plan'

// One tracker for the app. Add your destination to \`sinks\`: httpSink({ url }) for your
// collector, segmentSink, posthogSink, dataLayerSink (GTM) or kissmetricsSink.
export const tracker = createTracker({
  plan,
${development ? `  sinks: ${development} ? [consoleSink()] : [],` : '  // consoleSink() logs every event to the console while you build: replace it before you ship\n  sinks: [consoleSink()],'}
})
`

const NEXT_PROVIDER = `'use client'

import { TrackingProvider } from 'trackplan'
import type { ReactNode } from 'react'
import { tracker } from './tracker'

export function Tracking({ children }: { children: ReactNode }) {
  return <TrackingProvider tracker={tracker}>{children}</TrackingProvider>
}
`

/** Next.js's client component with the provider (its types left out in JavaScript). */
export const starterProvider = (typescript: boolean): string =>
  typescript
    ? NEXT_PROVIDER
    : NEXT_PROVIDER.replace("import type { ReactNode } from 'react'\n", '').replace(
        ': { children: ReactNode }',
        '',
      )

/** Vitest's matcher types, for TypeScript. */
export const VITEST_TYPES = '/// <reference types="trackplan/testing/vitest" />\n'
