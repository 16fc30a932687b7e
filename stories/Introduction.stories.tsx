import type { Meta, StoryObj } from '@storybook/react-vite'

/** For designers, PMs and analysts: how to read the Tracking panel, in plain words. */
function Introduction() {
  return (
    <article style={{ maxWidth: 760, lineHeight: 1.55, fontFamily: 'system-ui, sans-serif' }}>
      <h1>Reading the Tracking panel</h1>
      <p>
        Every story in this playground records what a person does — clicks, form submissions,
        errors, give-ups — as <strong>events</strong>, the same events the product sends to our
        analytics tools. Open any story, then the <strong>Tracking</strong> tab at the bottom, and
        use the story as a visitor would.
      </p>
      <img
        src="./assets/tracking-panel.png"
        alt="The Tracking panel listing events with their status"
        style={{ width: '100%', border: '1px solid #ddd', borderRadius: 6 }}
      />
      <h2>Events</h2>
      <ul>
        <li>
          Each row is one event, newest on top: when it happened, its name, its main details, and
          its status.
        </li>
        <li>
          <strong>valid</strong>: the tracking plan expects this event, and it came with the right
          details. <strong>violation</strong>: the event is planned but something is off — the
          reason is written next to it (a missing detail, a value the plan does not allow).{' '}
          <strong>unplanned</strong>: nobody planned this event yet.
        </li>
        <li>The same event several times in a row shows once, with ×2, ×3…</li>
        <li>
          Click an event's name to see everything it carries; the element that sent it is outlined
          in the story while it is on screen.
        </li>
        <li>
          Type in the filter to find events; Pause stops recording; Clear empties the list; Export
          gives the session as JSON or CSV (a spreadsheet).
        </li>
        <li>
          The list survives moving from one story to another, so you can walk through a whole flow.
        </li>
      </ul>
      <h2>Plan</h2>
      <p>
        Every event the plan expects, what it means, who owns it and when it should fire — and
        whether it fired in your session yet.
      </p>
      <h2>Funnel</h2>
      <p>
        Pick steps in order (for example Added to Cart → Started Checkout → Completed Purchase).
        Each bar shows how many journeys reached the step, the share that came through from the step
        before, and the share of all journeys that started. Try the <em>Flows / Checkout funnel</em>{' '}
        stories.
      </p>
    </article>
  )
}

const meta = {
  title: 'Introduction',
  component: Introduction,
  parameters: { layout: 'padded' },
} satisfies Meta<typeof Introduction>
export default meta
export const ReadingTheTrackingPanel: StoryObj<typeof meta> = {}
