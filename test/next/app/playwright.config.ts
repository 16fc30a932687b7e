import { defineConfig } from '@playwright/test'

const dev = process.env.NEXT_MODE === 'dev'
const port = dev ? 4401 : 4400

export default defineConfig({
  testDir: 'tests',
  workers: 1,
  retries: 0,
  timeout: dev ? 90_000 : 30_000,
  expect: { timeout: dev ? 20_000 : 5_000 },
  reporter: [['list']],
  webServer: {
    command: dev ? `npx next dev -p ${port}` : `npx next start -p ${port}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
  use: {
    baseURL: `http://localhost:${port}`,
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
