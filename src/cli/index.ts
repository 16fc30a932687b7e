import { describeError } from '../core/describeError'
import { main } from './main'

// A plan's async schema may reject where nothing waits for it: zod runs an async refinement
// synchronously first and leaves that promise behind when it turns out to be async. The
// command's verdict comes from the answer it waited for; Node would end the process with
// exit code 1 (read as "breaking" by CI) and a stack trace. Said once, then ignored.
let rejectionSaid = false
process.on('unhandledRejection', (reason: unknown) => {
  if (rejectionSaid) return
  rejectionSaid = true
  const { errorName, message } = describeError(reason, false)
  process.stderr.write(
    `trackplan: a schema's promise failed where nothing waited for it (${errorName}: ${message}); ignored\n`,
  )
})

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(
      `trackplan: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exitCode = 2
  },
)
