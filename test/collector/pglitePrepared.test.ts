// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { executeSql } from '../../src/collector/store/pglitePrepared'

describe("PGlite's prepared statements", () => {
  it('pass parameters as literals PostgreSQL reads back exactly', () => {
    expect(executeSql('s1', ['{"a":"it\'s \\\\ fine"}', 20, -1.5, true, false, null])).toBe(
      `EXECUTE s1($trackplan$${'{"a":"it\'s \\\\ fine"}'}$trackplan$, 20, -1.5, true, false, NULL)`,
    )
  })

  it('choose a dollar quote the text does not hold', () => {
    expect(executeSql('s2', ['a $trackplan$ b $trackplan1$ c'])).toBe(
      'EXECUTE s2($trackplan2$a $trackplan$ b $trackplan1$ c$trackplan2$)',
    )
  })

  it('leave to a plain query what no literal can carry', () => {
    for (const param of [[1, 2], 'nul\u0000', Number.NaN, Infinity, new Date(0), 1n, {}])
      expect(executeSql('s3', [param])).toBeUndefined()
  })
})
