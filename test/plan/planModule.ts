// Loads the plan module `importPlan` writes, in memory and in well under a millisecond, so
// that property tests can load a thousand generated modules: the module is JavaScript but
// for its `declare module` block (the one TypeScript construct the emitter writes, checked
// here to be exactly that), so it runs as written once that block is taken off and its two
// imports are bound to the source tree's `trackplan/core` and to zod. A syntax error in
// what the emitter wrote (an unterminated regular expression, a bad string) throws here as
// it would in the app. The example tests load modules with jiti, as the CLI does.
import * as zod from 'zod'
import * as core from '../../src/entries/core'
import type { TrackingPlan } from '../../src/plan/types'

const REGISTER = `
declare module 'trackplan/core' {
  interface Register {
    plan: typeof plan
  }
}
`

const IMPORTS: Record<string, string> = {
  "import { defineTrackingPlan } from 'trackplan/core'": 'const { defineTrackingPlan } = core',
  "import { z } from 'zod'": 'const { z } = zod',
}

/** The `plan` a generated module exports. */
export function loadPlanModule(source: string): TrackingPlan {
  if (!source.endsWith(REGISTER)) throw new Error('the plan module does not end with Register')
  const body = source
    .slice(0, -REGISTER.length)
    .split('\n')
    .map((line) => {
      if (line.startsWith('import ')) {
        if (!Object.hasOwn(IMPORTS, line)) throw new Error(`the plan module imports: ${line}`)
        return IMPORTS[line]
      }
      return line.replace(/^export const plan = /, 'const plan = ')
    })
    .join('\n')
  return new Function('core', 'zod', `${body}\nreturn plan`)(core, zod) as TrackingPlan
}
