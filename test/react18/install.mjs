// React 18.3 for the `react18` test project lives in its own small install beside the
// root's React 19. Installs it (from its lockfile) when a dependency is missing or stale.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const { dependencies } = JSON.parse(readFileSync(`${here}package.json`, 'utf8'))
const stale = Object.entries(dependencies).some(([name, version]) => {
  const installed = `${here}node_modules/${name}/package.json`
  return !existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== version
})
if (stale)
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: here,
    stdio: 'inherit',
  })
