import { isPlanFault, type Violation } from '../core/event'
import type { EventChecker, TrackedEvent } from '../core/types'
import { own } from '../plan/compileEvent'
import { readEnvelope, type BatchTimes, type ReadEnvelope } from './readEnvelope'
import type { JsonObject, StoredEvent, StoredViolation } from './store/Store'
import { stripUnexpected, violationPointer } from './violationPaths'

/**
 * `observe` keeps every event and flags violations; `block` keeps violating events apart and
 * never forwards them; `strip` drops the properties the plan does not allow (and keeps
 * unplanned events apart), then forwards the rest.
 */
export type CollectorMode = 'observe' | 'block' | 'strip'

export const COLLECTOR_MODES: readonly CollectorMode[] = ['observe', 'block', 'strip']

/** An envelope refused, as the response lists it. */
export interface RejectedEnvelope {
  /** Its place in the batch. */
  index: number
  messageId?: string
  reason: string
}

/** A batch read and checked: what to store, what was refused, and repeats within the batch. */
export interface CheckedBatch {
  events: StoredEvent[]
  rejected: RejectedEnvelope[]
  /** Envelopes whose messageId came earlier in the same batch. */
  repeats: number
}

export interface CheckContext {
  check: EventChecker
  mode: CollectorMode
  planVersion: string
  times: BatchTimes
}

/**
 * Most violations stored per event: a sender decides how many an envelope has (3,300
 * unexpected keys fit in 32 KB), and each is a row.
 */
export const MAX_STORED_VIOLATIONS = 100

/** The violations as stored: a JSON-pointer path each; past the bound, one line says how many more. */
function storedViolations(
  violations: readonly Violation[],
  properties: unknown,
): StoredViolation[] {
  const kept =
    violations.length > MAX_STORED_VIOLATIONS ? MAX_STORED_VIOLATIONS - 1 : violations.length
  const stored = violations.slice(0, kept).map((violation) => ({
    kind: violation.kind,
    path: violationPointer(violation, properties),
    message: violation.message,
  }))
  const rest = violations.slice(kept)
  if (rest.length > 0) {
    const kinds = [...new Set(rest.map((v) => v.kind))].join(', ')
    stored.push({
      kind: rest[0]!.kind,
      path: '',
      message: `…and ${rest.length} more violations (${kinds}) not kept`,
    })
  }
  return stored
}

/** Whether a violation keeps the event apart in `mode`. */
function blocks(mode: CollectorMode, violation: Violation, planned: boolean): boolean {
  if (mode === 'observe') return false
  if (mode === 'strip') return violation.kind === 'unplanned'
  return !(planned && isPlanFault(violation.kind))
}

/** The plan's verdict on an envelope, an async schema's included. */
async function verdictOn(check: EventChecker, envelope: JsonObject): Promise<readonly Violation[]> {
  // compilePlan's checker reads any value (decision 0120): a posted envelope is one
  const found = check(envelope as unknown as TrackedEvent)
  if (!found.pending) return found
  return [...found, ...(await found.pending)]
}

/** A read envelope checked against the plan: the event to store, or why it is refused. */
async function checkedEvent(
  read: ReadEnvelope,
  { check, mode, planVersion, times }: CheckContext,
): Promise<StoredEvent | string> {
  const violations = await verdictOn(check, read.envelope)
  // readEnvelope let through only well-formed calls: a `malformed` verdict is the checker's word
  const malformed = violations.find((v) => v.kind === 'malformed')
  if (malformed) return malformed.message
  const planned = !violations.some((v) => v.kind === 'unplanned')
  const envelope =
    mode === 'strip'
      ? stripUnexpected(
          read.envelope,
          violations.filter((v) => v.kind === 'unexpected'),
        )
      : read.envelope
  const stored = storedViolations(violations, own(read.envelope, 'properties'))
  return {
    messageId: read.messageId,
    type: read.type,
    event: read.event,
    envelope,
    receivedAt: times.receivedAt.toISOString(),
    timestamp: read.timestamp,
    planVersion,
    violations: stored,
    status: violations.some((v) => blocks(mode, v, planned)) ? 'blocked' : 'accepted',
  }
}

/**
 * Reads and checks every envelope of a batch: each is stored, refused with its reason, or a
 * repeat of a messageId earlier in the batch. Never throws on what a sender posted.
 */
export async function checkBatch(
  batch: readonly unknown[],
  context: CheckContext,
): Promise<CheckedBatch> {
  const checked: CheckedBatch = { events: [], rejected: [], repeats: 0 }
  const seen = new Set<string>()
  for (let index = 0; index < batch.length; index++) {
    const read = readEnvelope(batch[index], context.times)
    if (!read.ok) {
      const { reason, messageId } = read
      checked.rejected.push(
        messageId === undefined ? { index, reason } : { index, messageId, reason },
      )
      continue
    }
    if (seen.has(read.messageId)) {
      checked.repeats++
      continue
    }
    const event = await checkedEvent(read, context)
    if (typeof event === 'string') {
      checked.rejected.push({ index, messageId: read.messageId, reason: event })
      continue
    }
    seen.add(read.messageId)
    checked.events.push(event)
  }
  return checked
}
