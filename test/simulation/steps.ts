// Each step of a schedule, done to the world as the browser would do it.
import type { Step } from './schedule'
import type { PageState, World } from './world'

const live = (world: World): PageState[] => world.pages.filter((state) => state.state === 'live')

/** The `index`th live page (modulo their number), or none. */
function pick(
  world: World,
  index: number,
  where: PageState['state'] = 'live',
): PageState | undefined {
  const pages =
    where === 'live' ? live(world) : world.pages.filter((state) => state.state === where)
  return pages.length === 0 ? undefined : pages[index % pages.length]
}

const runs = (state: PageState | undefined): state is PageState =>
  state !== undefined && state.state === 'live' && !state.page.frozen

function hide(world: World, state: PageState): void {
  if (state.page.hidden) return
  state.page.document.visibilityState = 'hidden'
  state.lastHiddenAt = world.clock.now
  world.dispatch(state, 'document', 'visibilitychange')
}

function show(world: World, state: PageState): void {
  if (!state.page.hidden) return
  state.page.document.visibilityState = 'visible'
  world.dispatch(state, 'document', 'visibilitychange')
}

/** The page goes away as a navigation or a closed tab makes it: hidden, then pagehide. */
function leave(world: World, state: PageState): void {
  hide(world, state)
  world.dispatch(state, 'window', 'pagehide', false)
  state.state = 'dead'
  state.page.alive = false
}

/** A frozen page runs again: what it missed first, then its timers. */
function resume(world: World, state: PageState): void {
  state.page.frozen = false
  world.clock.resume(state.page)
  const { consent, online } = state.missed
  state.missed = {}
  if (online !== undefined && online === world.network.online) {
    if (online) state.onlineAt = world.clock.sequence()
    world.dispatch(state, 'window', online ? 'online' : 'offline')
  }
  if (consent !== undefined) world.applyConsent(state, consent)
}

/**
 * Does one step. Where it runs several pages' code (or a page's, then opens another), each
 * page's microtasks run before the next page runs: as in a browser, where each is a task.
 */
export async function doStep(world: World, step: Step): Promise<void> {
  switch (step.kind) {
    case 'open':
      world.openPage(step.visible)
      return
    case 'track': {
      const state = pick(world, step.page)
      if (runs(state)) world.track(state, step.count)
      return
    }
    case 'hide':
    case 'show': {
      const state = pick(world, step.page)
      if (runs(state)) (step.kind === 'hide' ? hide : show)(world, state)
      return
    }
    case 'reload':
    case 'close tab': {
      const state = pick(world, step.page)
      if (!runs(state)) return
      leave(world, state)
      await world.settle()
      if (step.kind === 'reload') world.openPage(true)
      return
    }
    case 'kill': {
      const state = pick(world, step.page)
      if (!state || state.state !== 'live') return
      state.state = 'dead'
      state.page.alive = false
      state.killedAt = world.clock.now
      return
    }
    case 'bfcache': {
      const state = pick(world, step.page)
      if (!runs(state)) return
      hide(world, state)
      world.dispatch(state, 'window', 'pagehide', true)
      state.state = 'cached'
      state.page.frozen = true
      state.page.everFrozen = true
      return
    }
    case 'restore': {
      const state = pick(world, step.page, 'cached')
      if (!state) return
      state.state = 'live'
      resume(world, state)
      world.dispatch(state, 'window', 'pageshow', true)
      show(world, state)
      return
    }
    case 'freeze': {
      const state = pick(world, step.page)
      if (!runs(state) || !state.page.hidden) return
      state.page.frozen = true
      state.page.everFrozen = true
      return
    }
    case 'resume': {
      const state = live(world).filter((page) => page.page.frozen)[step.page]
      if (state) resume(world, state)
      return
    }
    case 'offline':
    case 'online':
      if (world.network.online !== (step.kind === 'online'))
        await world.setOnline(step.kind === 'online')
      return
    case 'consent':
      if (world.consent === step.state) return
      world.consent = step.state
      for (const state of world.pages) {
        if (state.state === 'dead') continue
        if (state.page.frozen) state.missed.consent = step.state
        else world.applyConsent(state, step.state)
        await world.settle()
      }
      return
    case 'storage':
      world.storage.mode = step.mode
      return
    case 'collector':
      world.network.down = step.down
      return
    case 'flush': {
      const state = pick(world, step.page)
      const tracker = state?.trackers.at(-1)
      if (runs(state) && tracker && tracker.closedAt === undefined)
        world.run(state.page, 'flush()', () => void tracker.tracker.flush({ timeout: 2000 }))
      return
    }
    case 'new tracker': {
      const state = pick(world, step.page)
      const tracker = state?.trackers.at(-1)
      if (!runs(state) || !tracker) return
      tracker.closedAt = world.clock.now
      world.run(state.page, 'close()', () => void tracker.tracker.close({ timeout: 1000 }))
      world.newTracker(state)
      return
    }
  }
}

/**
 * The end of every run: the world heals (collector up, online, storage working, every page
 * running and visible, consent decided if it was not), time passes; then every page is left
 * and one new page loads, and time passes again. What is not delivered by then never will be.
 */
export async function heal(world: World): Promise<void> {
  world.network.down = false
  world.storage.mode = 'ok'
  if (!world.network.online) await world.setOnline(true)
  while (world.pages.some((state) => state.state === 'cached')) {
    await doStep(world, { kind: 'restore', page: 0 })
    await world.settle()
  }
  for (const state of live(world)) {
    if (state.page.frozen) resume(world, state)
    await world.settle()
  }
  for (const state of live(world)) {
    show(world, state)
    await world.settle()
  }
  if (world.consent === 'pending') await doStep(world, { kind: 'consent', state: 'granted' })
  await world.advance(180_000)
  for (const state of live(world)) {
    leave(world, state)
    await world.settle()
  }
  world.openPage(true)
  await world.advance(180_000)
}
