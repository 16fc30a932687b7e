// The page the Chromium bench drives: production React 19, trackplan as built (dist/), and
// react-tracking, bundled together. Each measure is a function on `window.bench`, called by
// test/bench/chromium.mjs through Playwright; contestants are interleaved within a run.
import React from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { useTracking } from 'react-tracking'
import {
  createTracker,
  httpSink,
  TrackClick,
  TrackingProvider,
  useTrack,
} from '../../../dist/index.js'
import { mountContestants } from '../apps.mjs'

const h = React.createElement
const noopSink = { name: 'noop', send() {} }
const PROPS = { app: 'bench', version: 3, env: 'production' }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Renders `App` into a fresh root and keeps it: what it grabs (a track function) stays live. */
function mount(App) {
  const container = document.createElement('div')
  document.body.appendChild(container)
  const root = createRoot(container)
  flushSync(() => root.render(h(App)))
  return { container, unmount: () => (flushSync(() => root.unmount()), container.remove()) }
}

/** The two contestants' `track`, as apps get them: trackplan's useTrack() under a provider with 3 properties; react-tracking's trackEvent under useTracking with 3. */
function contestants() {
  const grabbed = {}
  const tracker = createTracker({ sinks: [noopSink], storage: 'memory' })
  function TPGrab() {
    grabbed.trackplan = useTrack()
    return null
  }
  function RTGrab() {
    grabbed['react-tracking'] = useTracking().trackEvent
    return null
  }
  function RTApp() {
    const { Track } = useTracking(PROPS, { dispatch: () => {} })
    return h(Track, null, h(RTGrab))
  }
  mount(() => h(TrackingProvider, { tracker, properties: PROPS }, h(TPGrab)))
  mount(RTApp)
  return {
    trackplan: {
      call: (i) => grabbed.trackplan('Clicked Button', { i, plan: 'pro', ok: true }),
      flush: () => tracker.flush(),
    },
    'react-tracking': {
      call: (i) => grabbed['react-tracking']({ event: 'Clicked Button', i, plan: 'pro', ok: true }),
      flush: async () => {},
    },
  }
}

const players = contestants()
// floors for one call after an idle gap, in the same runs: a call that does nothing, one that
// only reads the clock (an event's time, the least any event needs), and the least any
// envelope costs (its properties copied, a timestamp formatted, an id drawn, kept)
const kept = []
let clock = 0
players['an empty call'] = { call: () => {}, flush: async () => {} }
players['Date.now() alone'] = {
  call: () => void (clock = Date.now()),
  flush: async () => void clock,
}
players['an envelope built inline'] = {
  call: (i) =>
    void kept.push({
      type: 'track',
      event: 'Clicked Button',
      properties: { ...PROPS, i, plan: 'pro', ok: true },
      messageId: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
    }),
  flush: async () => void (kept.length = 0),
}

/** µs per call, in bursts of 100 with the microtask queue (where delivery runs) drained between. */
async function burst(name, calls) {
  const { call, flush } = players[name]
  globalThis.gc?.()
  const start = performance.now()
  for (let i = 0; i < calls;) {
    for (const end = i + 100; i < end; i++) call(i)
    await null
  }
  await flush()
  return ((performance.now() - start) * 1000) / calls
}

/** One call's synchronous cost after an idle gap (a user's click): median µs over `samples`. */
async function idle(name, samples, gapMs) {
  const { call, flush } = players[name]
  const times = []
  for (let s = 0; s < samples; s++) {
    await sleep(gapMs)
    const start = performance.now()
    call(s)
    times.push((performance.now() - start) * 1000)
    await flush()
  }
  return median(times)
}

const mounts = mountContestants({
  React,
  createRoot,
  flushSync,
  trackplan: { TrackingProvider, TrackClick },
  useTracking,
  tracker: createTracker({ sinks: [noopSink], storage: 'memory' }),
})
/** ms to render and commit 5,000 tracked buttons (flushSync), warm. */
const mountTime = (name) => mounts.mountOnce(mounts.apps[name])

/**
 * A timer loop at `rate` events/s for `seconds` (a tick every 10 ms): `variant` is 'idle'
 * (the loop alone), 'noop' (track() into a no-op sink) or 'http' (httpSink with localStorage
 * persistence, to the collector beside the page). Resolves when everything was delivered.
 */
async function load(variant, rate, seconds) {
  localStorage.clear()
  const sink =
    variant === 'http'
      ? httpSink({ url: '/v1/batch', persist: localStorage, flushInterval: 1000 })
      : noopSink
  const tracker = createTracker({ sinks: [sink], storage: 'memory' })
  const perTick = rate / 100
  const ticks = seconds * 100
  let tick = 0
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      if (variant !== 'idle')
        for (let i = 0; i < perTick; i++)
          tracker.track('Clicked Button', { plan: 'pro', price: 49, currency: 'USD', i })
      if (++tick >= ticks) {
        clearInterval(timer)
        resolve()
      }
    }, 10)
  })
  await tracker.flush()
  await tracker.close()
  const stats = tracker.stats()
  return {
    tracked: stats.tracked,
    dropped: Object.values(stats.dropped).reduce((a, b) => a + b, 0),
  }
}

window.bench = { burst, idle, mountTime, load, isolated: () => globalThis.crossOriginIsolated }
window.benchReady = true
