import type { Preview } from '@storybook/react-vite'
import { withEventLog } from '../stories/support/withEventLog'

const preview: Preview = {
  decorators: [withEventLog],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
}
export default preview
