// What the devtools hook hears: tracked elements with what they would send, and hooks that
// ran outside any provider — never the detached tracker's drops, which are not consent.
import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createTracker,
  defineTrackingPlan,
  TrackClick,
  TrackForm,
  TrackingProvider,
  TrackScope,
  TrackView,
  useTrack,
} from 'trackplan'
import {
  DEVTOOLS_KEY,
  type DevtoolsHook,
  type TrackedClick,
  type TrackedElement,
} from '../../src/core/devtools'
import { clickOf } from '../../src/panel/overlay/findTracked'
import { reportOn } from '../../src/panel/overlay/reportOn'

const plan = defineTrackingPlan({
  events: {
    'Clicked Plan': {
      description: 'A plan was chosen',
      properties: {
        plan: { type: 'string', enum: ['free', 'pro'] },
        section: { type: 'string', required: true },
      },
    },
    'Viewed Table': { properties: {} },
  },
})

function installHook() {
  const registered: { tracker: object; plan?: unknown }[] = []
  const mounted: [Element, TrackedElement][] = []
  const detached: string[] = []
  const hook: DevtoolsHook = {
    register: (tracker, info) => void registered.push({ tracker, ...info }),
    detached: (caller) => void detached.push(caller),
    mount(element, what) {
      mounted.push([element, what])
      return () =>
        mounted.splice(
          mounted.findIndex(([, w]) => w === what),
          1,
        )
    },
  }
  ;(globalThis as Record<string, unknown>)[DEVTOOLS_KEY] = hook
  return { registered, mounted, detached }
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[DEVTOOLS_KEY]
})

const clickOn = (element: Element): TrackedElement | undefined => {
  for (const key of Object.keys(element)) {
    if (key.startsWith('__reactProps$'))
      return clickOf(
        (element as unknown as Record<string, { onClick?: TrackedClick }>)[key]?.onClick,
      )
  }
  return undefined
}

describe('the devtools hook', () => {
  it('hears tracked elements: a click (on its handler), a view and a form, each with provider + scope + own properties', () => {
    const hook = installHook()
    const tracker = createTracker({ storage: 'memory', plan, properties: { app: 'web' } })
    const { getByRole, unmount } = render(
      <TrackingProvider tracker={tracker} properties={{ section: 'home' }}>
        <TrackScope properties={{ section: 'pricing' }}>
          <TrackView event="Viewed Table">
            <div>
              <TrackClick event="Clicked Plan" properties={{ plan: 'pro' }}>
                <button>Pro</button>
              </TrackClick>
            </div>
          </TrackView>
          <TrackForm name="Signup" captureValues={['plan']}>
            <input name="email" />
          </TrackForm>
        </TrackScope>
      </TrackingProvider>,
    )
    const click = clickOn(getByRole('button'))!
    expect(click.events).toEqual(['Clicked Plan'])
    expect(click.properties?.()).toEqual({ section: 'pricing', plan: 'pro' })
    // in no particular order: a view is told from its ref callback, a form from an effect
    expect(
      hook.mounted.map(([element, what]) => [element.tagName, what.kind, what.events.join()]),
    ).toEqual(
      expect.arrayContaining([
        ['FORM', 'form', 'Started Form,Submitted Form,Failed Form Submission,Abandoned Form'],
        ['DIV', 'view', 'Viewed Table'],
      ]),
    )
    expect(hook.mounted).toHaveLength(2)
    const form = hook.mounted.find(([, what]) => what.kind === 'form')!
    expect(form[1].captureValues).toEqual(['plan'])
    expect(form[1].properties?.()).toEqual({ section: 'pricing', form: 'Signup' })
    expect(hook.registered.find((r) => r.tracker === tracker)).toMatchObject({
      plan,
      properties: { app: 'web' },
    })
    unmount()
    expect(hook.mounted).toEqual([])
  })

  it('hears "no provider" for hooks outside one; the detached tracker is not listed, so nothing shows as a consent drop', async () => {
    const hook = installHook()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    function Orphan() {
      const track = useTrack() as (event: string) => unknown
      return <button onClick={() => track('Clicked Plan')}>Go</button>
    }
    const { getByRole } = render(<Orphan />)
    await userEvent.click(getByRole('button'))
    expect(hook.detached).toContain('useTrack')
    expect(hook.registered).toEqual([])
    vi.restoreAllMocks()
  })

  it('installs after createTracker made its key a global property (holding undefined, for fast reads): later trackers and clicks are seen', async () => {
    // making a tracker leaves the key on the global object, holding undefined until a devtool comes
    expect(DEVTOOLS_KEY in globalThis).toBe(false)
    createTracker({ storage: 'memory' })
    expect(Object.getOwnPropertyDescriptor(globalThis, DEVTOOLS_KEY)?.value).toBeUndefined()
    expect(DEVTOOLS_KEY in globalThis).toBe(true)
    const { installDevtools } = await import('../../src/devtools/hook')
    const state = installDevtools()
    const tracker = createTracker({ storage: 'memory' })
    expect(state.trackers.map((entry) => entry.tracker)).toContain(tracker)
    const { getByRole } = render(
      <TrackingProvider tracker={tracker}>
        <TrackClick event="Clicked Plan" properties={{ plan: 'pro' }}>
          <button>Pro</button>
        </TrackClick>
      </TrackingProvider>,
    )
    expect(clickOn(getByRole('button'))?.events).toEqual(['Clicked Plan'])
  })
})

describe('what "Show tracked elements" says of an element', () => {
  const element = (
    events: string[],
    properties: Record<string, unknown> | undefined,
    kind: TrackedElement['kind'] = 'click',
  ): TrackedElement => ({ kind, events, properties: () => properties, tracker: {} })

  it('planned, unplanned, breaks the plan, or no plan; with the properties, description and required properties', () => {
    const ok = reportOn(element(['Clicked Plan'], { plan: 'pro' }), {
      plan,
      properties: { section: 'home' },
    })
    expect(ok).toEqual({
      status: 'planned',
      properties: { section: 'home', plan: 'pro' },
      problems: [],
      planned: [{ event: 'Clicked Plan', description: 'A plan was chosen', required: ['section'] }],
    })
    const bad = reportOn(element(['Clicked Plan'], { plan: 'gold' }), { plan })
    expect(bad.status).toBe('breaks')
    expect(bad.problems.join('\n')).toContain('must be one of "free", "pro"; got "gold"')
    expect(bad.problems.join('\n')).toContain('section')
    expect(reportOn(element(['Clicked Plans'], {}), { plan }).status).toBe('unplanned')
    expect(reportOn(element(['Clicked Plan'], {}), undefined).status).toBe('no plan')
  })

  it('properties computed when it fires (a function, a form) are not held against it as missing', () => {
    expect(reportOn(element(['Clicked Plan'], undefined), { plan }).status).toBe('planned')
    // a form adds its fields and errors when it fires: a required property is not missing yet
    expect(reportOn(element(['Clicked Plan'], { form: 'Signup' }, 'form'), { plan }).status).toBe(
      'planned',
    )
    expect(reportOn(element(['Clicked Plan'], { form: 'Signup' }), { plan }).status).toBe('breaks')
  })
})

describe('the panel for a story without a provider', () => {
  it('says "No TrackingProvider: nothing was tracked", naming what ran outside one, instead of listing drops', async () => {
    const { TrackingPanel } = await import('../../src/panel/components/TrackingPanel')
    const { getByRole } = render(
      <TrackingPanel
        events={[]}
        plan={null}
        paused={false}
        onPause={() => {}}
        onClear={() => {}}
        selected={null}
        onSelect={() => {}}
        onExport={() => {}}
        steps={[]}
        onSteps={() => {}}
        detached={['useTrack', 'TrackClick']}
      />,
    )
    expect(getByRole('status').textContent).toBe(
      'No TrackingProvider: nothing was tracked. `useTrack`, `TrackClick` ran outside <TrackingProvider>; wrap the story in one, or remove parameters.trackplan.disable.',
    )
  })
})
