// httpSink: batches to a collector with at-least-once delivery (see httpSink.ts for the map).
export { httpSink, type HttpSink } from './httpSink'
export type { HttpSinkOptions, RetryOptions } from './httpSinkOptions'
