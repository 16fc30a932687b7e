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
