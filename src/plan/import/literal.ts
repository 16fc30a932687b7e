/** A string as a TypeScript literal (a lone surrogate escaped: a UTF-8 file cannot hold it). */
export const literal = (value: string): string =>
  `'${value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}'`

/** An object key as TypeScript writes it (`__proto__` computed: as a plain key it sets the prototype). */
export const propertyKey = (key: string): string =>
  key === '__proto__' ? `[${literal(key)}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? key : literal(key)
