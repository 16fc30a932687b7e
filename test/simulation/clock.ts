// Virtual time for the delivery simulation: a seeded random source and a scheduler whose
// timers belong to the page that set them (a frozen page's wait; a dead page's never run).

/** A seeded source of randomness (mulberry32): the same seed, the same run. */
export interface Random {
  /** In [0, 1). */
  next(): number
  /** An integer in [low, high]. */
  int(low: number, high: number): number
  chance(probability: number): boolean
  pick<T>(choices: readonly T[]): T
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0 || 0x9e3779b9
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (low, high) => low + Math.floor(next() * (high - low + 1)),
    chance: (probability) => next() < probability,
    pick: (choices) => choices[Math.floor(next() * choices.length)]!,
  }
}

/** What a timer's owner is: a page of the simulated browser (or none: the network). */
export interface TimerOwner {
  readonly alive: boolean
  readonly frozen: boolean
  /** Timers that came due while the page was frozen: run when it resumes. */
  readonly deferred: Task[]
}

export interface Task {
  id: number
  at: number
  /** Ties at one instant run in the order they were set. */
  order: number
  owner: TimerOwner | undefined
  run: () => void
  /** setInterval's period. */
  every?: number
}

/** A virtual clock and its timers, earliest first. */
export class Clock {
  now: number
  /** Orders what happens within one millisecond: requests, answers, drops. */
  private lastSequence = 0
  /** The page whose code runs now: timers set now belong to it. */
  current: TimerOwner | undefined
  private tasks: Task[] = []
  private lastId = 0
  private lastOrder = 0

  constructor(start: number) {
    this.now = start
  }

  /** The next number of a total order of what happens. */
  sequence(): number {
    return ++this.lastSequence
  }

  set(run: () => void, delay: number, every?: number): number {
    const task: Task = {
      id: ++this.lastId,
      at: this.now + Math.max(0, Number(delay) || 0),
      order: ++this.lastOrder,
      owner: this.current,
      run,
      ...(every === undefined ? {} : { every: Math.max(1, Number(every) || 0) }),
    }
    this.insert(task)
    return task.id
  }

  clear(id: unknown): void {
    const at = this.tasks.findIndex((task) => task.id === id)
    if (at >= 0) this.tasks.splice(at, 1)
    for (const task of this.current?.deferred ?? []) if (task.id === id) task.run = () => {}
  }

  /** The next task due by `until` whose owner may run; a frozen owner's are set aside. */
  take(until: number): Task | undefined {
    while (this.tasks.length > 0 && this.tasks[0]!.at <= until) {
      const task = this.tasks.shift()!
      if (task.owner && !task.owner.alive) continue
      if (task.owner?.frozen) {
        task.owner.deferred.push(task)
        continue
      }
      this.now = Math.max(this.now, task.at)
      if (task.every !== undefined)
        this.insert({ ...task, at: this.now + task.every, order: ++this.lastOrder })
      return task
    }
    return undefined
  }

  /** A resumed page's deferred timers run now, in order. */
  resume(owner: TimerOwner): void {
    for (const task of owner.deferred.splice(0))
      this.insert({ ...task, at: this.now, order: ++this.lastOrder })
  }

  /** When the next task is due. */
  get nextAt(): number {
    return this.tasks[0]?.at ?? Infinity
  }

  private insert(task: Task): void {
    let low = 0
    let high = this.tasks.length
    while (low < high) {
      const middle = (low + high) >> 1
      const other = this.tasks[middle]!
      if (other.at < task.at || (other.at === task.at && other.order < task.order)) low = middle + 1
      else high = middle
    }
    this.tasks.splice(low, 0, task)
  }
}
