import { defineConfig } from '@playwright/test'

const allowMissing = process.env.TRACKPLAN_ALLOW_MISSING ? ['Cancelled Subscription'] : []

export default defineConfig({
  testDir: 'tests',
  workers: 2,
  retries: 0,
  expect: { timeout: 3000 },
  reporter: [
    ['list'],
    ['json', { outputFile: 'results.json' }],
    ['trackplan/playwright/reporter', { plan: './src/plan.ts', failOnMissing: true, allowMissing }],
  ],
  webServer: {
    command: 'npx vite preview',
    url: 'http://localhost:4317',
    reuseExistingServer: false,
    timeout: 30_000,
  },
  use: {
    baseURL: 'http://localhost:4317',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
