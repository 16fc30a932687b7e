// Event names fired by any test tracker in this process (one Vitest worker, one Jest
// worker): what plan coverage counts across a whole test run.
const KEY = Symbol.for('trackplan.firedEvents')
type Registry = { [KEY]?: Set<string> }

export const recordFired = (name: string): void => {
  const registry = globalThis as Registry
  ;(registry[KEY] ??= new Set()).add(name)
}

/** The names of the events test trackers in this process have delivered. */
export const firedEventNames = (): string[] => [...((globalThis as Registry)[KEY] ?? [])]
