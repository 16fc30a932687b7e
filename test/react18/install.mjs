// React 18.3 for the `react18` test project lives in its own small install beside the
// root's React 19. Installs it (from its lockfile) when it is missing or stale.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const installed = `${here}node_modules/react/package.json`
const want = JSON.parse(readFileSync(`${here}package.json`, 'utf8')).dependencies.react
if (!existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== want) {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: here, stdio: 'inherit' })
}
