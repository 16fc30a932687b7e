import { fileURLToPath } from 'node:url'
import type { StorybookConfig } from '@storybook/react-vite'

const src = (p: string) => fileURLToPath(new URL(`../src/${p}`, import.meta.url))

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  framework: { name: '@storybook/react-vite', options: {} },
  // the project's own addon, from source: the same preset users list as 'trackplan/storybook'
  addons: [src('storybook/preset.ts')],
  core: { disableTelemetry: true },
  staticDirs: [{ from: '../stories/assets', to: '/assets' }],
  // stories import the package by its name, as an app does; here it resolves to the source
  viteFinal: (config) => ({
    ...config,
    // Storybook's own preview runtime is one chunk over Vite's 500 kB hint: a warning about
    // Storybook, not about anything here, on every build
    build: { ...config.build, chunkSizeWarningLimit: 2000 },
    resolve: {
      ...config.resolve,
      alias: [
        { find: /^trackplan$/, replacement: src('index.ts') },
        { find: /^trackplan\/(core|server|testing)$/, replacement: src('$1/index.ts') },
        ...(Array.isArray(config.resolve?.alias) ? config.resolve.alias : []),
      ],
    },
  }),
}
export default config
