import { addMatchers, storybookAddon } from './configEdits'
import { detectProject, type Project } from './detectProject'
import { nextSteps, type StarterFiles } from './nextSteps'
import { developmentCheck, starterPlan, starterProvider, starterTracker } from './starterFiles'
import { createWriter, type InitIo } from './Writer'

export type { InitIo } from './Writer'
export type { Project } from './detectProject'

const FRAMEWORKS = { next: 'Next.js', vite: 'Vite', other: 'React' }

/** What init found, in one line: `TypeScript, Vite, Storybook, Vitest`. */
function describeProject(project: Project): string {
  const parts = [project.typescript ? 'TypeScript' : 'JavaScript', FRAMEWORKS[project.framework]]
  if (project.storybook) parts.push('Storybook')
  if (project.runner) parts.push(project.runner.name === 'vitest' ? 'Vitest' : 'Jest')
  return parts.join(', ')
}

/**
 * `trackplan init`: a starter plan, a tracker module (and a client provider in Next.js),
 * then, with consent, the Storybook addon and the test matchers in the files that exist.
 * Never replaces a file; a second run changes nothing.
 */
export async function init(io: InitIo): Promise<number> {
  const { cwd } = io
  const project = detectProject(cwd)
  const ext = project.typescript ? 'ts' : 'js'
  const writer = createWriter(io)
  writer.say(`trackplan init: ${describeProject(project)}`)

  const files: StarterFiles = {
    plan: `${project.dir}/tracking-plan.${ext}`,
    tracker: `${project.dir}/tracker.${ext}`,
  }
  writer.create(files.plan, starterPlan(project.typescript, files.plan))
  writer.create(files.tracker, starterTracker(developmentCheck(cwd, project)))
  if (project.framework === 'next') {
    files.provider = `${project.dir}/tracking.${project.typescript ? 'tsx' : 'jsx'}`
    writer.create(files.provider, starterProvider(project.typescript))
  }
  if (project.storybook) await writer.edit(storybookAddon(project.storybook))
  await addMatchers(project, writer)
  nextSteps(cwd, project, files, writer.say)
  return 0
}
