import { dirname, relative } from 'node:path'
import { firstExisting, type Project } from './detectProject'
import type { Writer } from './Writer'

/** The modules `init` wrote, by role. */
export interface StarterFiles {
  plan: string
  tracker: string
  /** Next.js only: the client component with the provider. */
  provider?: string
}

/** How `file` imports `to`: a relative specifier without the extension. */
function importPath(file: string, to: string): string {
  const path = relative(dirname(file), to).replace(/\.(t|j)sx?$/, '')
  return path.startsWith('.') ? path : `./${path}`
}

/** The provider's three lines, in the Next.js layout or the app's entry. */
function addProvider(cwd: string, project: Project, files: StarterFiles, say: Writer['say']): void {
  say('Add the provider (three lines):')
  if (project.framework === 'next') {
    const layout =
      firstExisting(cwd, [
        'src/app/layout.tsx',
        'app/layout.tsx',
        'src/app/layout.jsx',
        'app/layout.jsx',
      ]) ?? 'app/layout.tsx'
    say(`  // ${layout}`)
    say(`  import { Tracking } from '${importPath(layout, files.provider!)}'`)
    say('  <body><Tracking>{children}</Tracking></body>')
  } else {
    const entry =
      firstExisting(cwd, ['src/main.tsx', 'src/main.jsx', 'src/index.tsx', 'src/index.jsx']) ??
      'src/main.tsx'
    say(`  // ${entry}`)
    say(`  import { TrackingProvider } from 'trackplan'`)
    say(`  import { tracker } from '${importPath(entry, files.tracker)}'`)
    say('  <TrackingProvider tracker={tracker}><App /></TrackingProvider>')
  }
}

/** A command to run next, and why. */
interface Step {
  command: string
  why: string
}

/**
 * What to do next: add the provider, then the commands that show trackplan working — the
 * project's own scripts when it has them (`npm test` fails without one), else the tools' bins.
 */
export function nextSteps(
  cwd: string,
  project: Project,
  files: StarterFiles,
  say: Writer['say'],
): void {
  say('')
  addProvider(cwd, project, files, say)
  say('')
  say('Then:')
  const script = (name: string, otherwise: string): string =>
    project.scripts.includes(name) ? `npm ${name === 'test' ? 'test' : `run ${name}`}` : otherwise
  const steps: Step[] = [{ command: `npx trackplan check ${files.plan}`, why: 'lint the plan' }]
  if (project.storybook)
    steps.push({
      command: script('storybook', 'npx storybook dev -p 6006'),
      why: 'the Tracking panel beside every story',
    })
  if (project.runner)
    steps.push({
      command: script('test', project.runner.name === 'vitest' ? 'npx vitest run' : 'npx jest'),
      why: "expect(tracking).toHaveTracked('Viewed Home')",
    })
  const width = Math.max(...steps.map((s) => s.command.length)) + 3
  for (const { command, why } of steps) say(`  ${command.padEnd(width)}# ${why}`)
}
