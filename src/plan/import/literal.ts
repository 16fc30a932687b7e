/** A string as a TypeScript literal. */
export const literal = (value: string): string =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`

/** An object key as TypeScript writes it. */
export const propertyKey = (key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? key : literal(key)
