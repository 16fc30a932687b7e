// @ts-nocheck -- resolved only through this folder's vitest.config.ts and a scratch install (README.md)
// Repros against libraries the repo does not install (Radix Checkbox/Switch/DropdownMenu/Popover,
// Headless UI). They live in a scratch install: see README.md beside this file.
//   mkdir /tmp/huntA && cd /tmp/huntA && npm init -y && npm i @radix-ui/react-checkbox \
//     @radix-ui/react-switch @radix-ui/react-dropdown-menu @radix-ui/react-popover @headlessui/react
//   rm -rf node_modules/react node_modules/react-dom
//   ln -s <worktree>/node_modules/react node_modules/react; ln -s <worktree>/node_modules/react-dom node_modules/react-dom
// Run: npx vitest run --config test/hunt/external/vitest.config.ts
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const scratch = process.env.HUNT_SCRATCH ?? '/tmp/huntA/node_modules/'

export default defineConfig({
  root: here('../../..'),
  resolve: {
    alias: [
      { find: /^trackplan$/, replacement: here('../../../src/index.ts') },
      { find: /^trackplan\/devtools$/, replacement: here('../../../src/devtools/index.ts') },
      {
        find: /^@radix-ui\/react-(checkbox|switch|dropdown-menu|popover)$/,
        replacement: `${scratch}@radix-ui/react-$1`,
      },
      { find: /^@headlessui\/react$/, replacement: `${scratch}@headlessui/react` },
    ],
  },
  test: {
    include: ['test/hunt/external/**/*.repro.tsx'],
    environment: 'jsdom',
    globals: true,
    setupFiles: [here('../../setup.ts')],
    server: { deps: { inline: [/@radix-ui/, /@headlessui/] } },
  },
})
