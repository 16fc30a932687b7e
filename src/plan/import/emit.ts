import type { JsonValue } from '../../core/event'
import { literal, propertyKey } from './literal'
import type { ImportedEvent, ImportedPlan, ImportedProperty, NamedProperty } from './model'

/** A JSON value as TypeScript source. */
const valueSource = (v: JsonValue): string =>
  typeof v === 'string'
    ? literal(v)
    : Array.isArray(v)
      ? `[${v.map(valueSource).join(', ')}]`
      : v !== null && typeof v === 'object'
        ? `{ ${Object.entries(v)
            .map(([k, x]) => `${propertyKey(k)}: ${valueSource(x)}`)
            .join(', ')} }`
        : JSON.stringify(v)

const WIDTH = 100

/** An object literal: on one line when it fits, else one entry per line. */
function objectSource(entries: string[], indent: string): string {
  if (entries.length === 0) return '{}'
  const line = `{ ${entries.join(', ')} }`
  if (line.length + indent.length <= WIDTH && !line.includes('\n')) return line
  return `{\n${entries.map((e) => `${indent}  ${e},`).join('\n')}\n${indent}}`
}

/** A property spec as TypeScript source: its zod expression, or the plain spec object. */
function specSource(p: ImportedProperty, indent: string): string {
  if (p.zod) return p.zod
  const entries = [`type: '${p.type ?? 'object'}'`]
  if (p.enum) entries.push(`enum: [${p.enum.map(valueSource).join(', ')}]`)
  if (p.required) entries.push('required: true')
  if (p.description) entries.push(`description: ${literal(p.description)}`)
  if (p.additionalProperties === false) entries.push('additionalProperties: false')
  if (p.properties) entries.push(`properties: ${propertiesSource(p.properties, `${indent}  `)}`)
  if (p.items) entries.push(`items: ${specSource(p.items, `${indent}  `)}`)
  return objectSource(entries, indent)
}

const propertiesSource = (list: NamedProperty[], indent: string): string =>
  objectSource(
    list.map(
      ({ name, property }) => `${propertyKey(name)}: ${specSource(property, `${indent}  `)}`,
    ),
    indent,
  )

/** An event's entry in the plan's `events`. */
function eventSource(e: ImportedEvent, indent: string): string {
  const entries: string[] = []
  if (e.description) entries.push(`description: ${literal(e.description)}`)
  if (e.trigger) entries.push(`trigger: ${literal(e.trigger)}`)
  if (e.owner) entries.push(`owner: ${literal(e.owner)}`)
  if (e.additionalProperties === false) entries.push('additionalProperties: false')
  if (e.properties.length)
    entries.push(`properties: ${propertiesSource(e.properties, `${indent}  `)}`)
  return `${literal(e.name)}: ${objectSource(entries, indent)}`
}

const usesZod = (property: ImportedProperty): boolean =>
  !!property.zod ||
  !!property.properties?.some((child) => usesZod(child.property)) ||
  (!!property.items && usesZod(property.items))
const listUsesZod = (list: NamedProperty[] | undefined): boolean =>
  !!list?.some(({ property }) => usesZod(property))

/**
 * The plan module a person would write: `defineTrackingPlan({ … })` and the `Register`
 * augmentation.
 */
export function emitPlan(
  plan: ImportedPlan,
  options: { naming?: string; source?: string },
): string {
  const zod =
    listUsesZod(plan.contextProperties) || plan.events.some((e) => listUsesZod(e.properties))
  const lines = [
    ...(options.source
      ? [
          `// Imported by \`trackplan import\` from ${options.source}. Edit freely: this file is now the plan.`,
        ]
      : []),
    `import { defineTrackingPlan } from 'trackplan/core'`,
    ...(zod ? [`import { z } from 'zod'`] : []),
    '',
    'export const plan = defineTrackingPlan({',
  ]
  if (options.naming) lines.push(`  naming: '${options.naming}',`)
  if (plan.contextProperties?.length)
    lines.push(`  contextProperties: ${propertiesSource(plan.contextProperties, '  ')},`)
  lines.push('  events: {')
  for (const e of plan.events) lines.push(`    ${eventSource(e, '    ')},`)
  lines.push(
    '  },',
    '})',
    '',
    "declare module 'trackplan/core' {",
    '  interface Register {',
    '    plan: typeof plan',
    '  }',
    '}',
    '',
  )
  return lines.join('\n')
}
