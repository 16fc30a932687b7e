import type { Preview } from '@storybook/react-vite'
import { plan } from '../stories/plan'
import { createStoryTracker } from '../stories/support/storyTracker'
import '../stories/support/theme.css'

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // the addon's one provider per story gets a test tracker (for the play functions'
    // assertions), checked against the example plan; the Tracking panel hears it
    trackplan: { plan, tracker: () => createStoryTracker().tracker },
  },
}
export default preview
