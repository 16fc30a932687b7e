import { planToJsonSchema } from '../plan/exportPlan'
import type { TrackingPlan } from '../plan/types'

/** JSON with object keys sorted at every level: the same value, the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** How many hex digits of the SHA-256 a plan version keeps: 48 bits, plenty for a plan's history. */
const VERSION_DIGITS = 12

/**
 * A plan's version: the SHA-256 of what decides verdicts — each event's JSON Schema (Standard
 * Schemas through theirs), the context properties, the naming convention and synonyms —
 * written with sorted keys, so the same plan has the same version on every start and every
 * machine. Descriptions count too: a plan edited is a new version. Web Crypto only: it runs
 * wherever `fetch` does.
 */
export async function planVersion(plan: TrackingPlan): Promise<string> {
  const meaning = {
    events: planToJsonSchema(plan),
    naming: plan.naming ?? false,
    synonyms: plan.synonyms ?? [],
  }
  const bytes = new TextEncoder().encode(stableJson(meaning))
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return [...digest.slice(0, VERSION_DIGITS / 2)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
}
