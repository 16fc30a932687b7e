/**
 * `trackplan/storybook`: the addon's preset. `addons: ['trackplan/storybook']` is the whole
 * set-up: a Tracking panel in the manager, and a decorator in the preview.
 */
import { fileURLToPath } from 'node:url'

// beside this file once built (dist/storybook/*.js); from source in this repo's tests
const here = (name: string): string => {
  const ext = import.meta.url.endsWith('.ts') ? '.tsx' : '.js'
  return fileURLToPath(new URL(`./${name}${ext}`, import.meta.url))
}

export const managerEntries = (entry: string[] = []): string[] => [...entry, here('manager')]
export const previewAnnotations = (entry: string[] = []): string[] => [...entry, here('preview')]

/** What the addon's preview imports from node_modules; Vite must pre-bundle them (see viteFinal). */
const PREVIEW_DEPENDENCIES = ['react', 'react/jsx-runtime']

/**
 * Vite serves the addon's preview file as it is in node_modules, not pre-bundled, so its own
 * imports are pre-bundled only if a story happens to import them too: a story file that never
 * imports `react` left the preview importing React's CommonJS file raw, and Storybook showed
 * nothing. The preset asks for them. (The React context itself does not depend on which copy
 * of trackplan a module came from: see `src/react/contexts.ts`.)
 */
export const viteFinal = <Config extends { optimizeDeps?: { include?: string[] } }>(
  config: Config,
): Config => ({
  ...config,
  optimizeDeps: {
    ...config.optimizeDeps,
    include: [...new Set([...(config.optimizeDeps?.include ?? []), ...PREVIEW_DEPENDENCIES])],
  },
})
