import type { Preview } from '@storybook/react-vite'
import { plan } from '../stories/plan'
import { withStoryTracker } from '../stories/support/withStoryTracker'

const preview: Preview = {
  // each story gets a test tracker (for its play function's assertions); the Tracking panel
  // hears it, as it hears any tracker a story creates
  decorators: [withStoryTracker],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    trackplan: { plan },
  },
}
export default preview
