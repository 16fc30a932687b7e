import type { ReactNode } from 'react'
import { Tracking } from '../lib/tracking'

export const metadata = { title: 'trackplan on Next.js' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Tracking>{children}</Tracking>
      </body>
    </html>
  )
}
