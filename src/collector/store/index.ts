// The collector's stores, in one place: the handler and the CLI import them from here.
export type {
  EventStats,
  InsertResult,
  JsonObject,
  OutboxItem,
  Store,
  StoredEvent,
  StoredViolation,
} from './Store'
export { memoryStore, type MemoryOutboxRow, type MemoryStore } from './memoryStore'
